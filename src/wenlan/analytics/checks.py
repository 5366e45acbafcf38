"""What `wenlan check` says about the analytics settings."""

import pyarrow.fs as pafs
from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def analytics_settings(app_configs, **kwargs):
    problems = []
    if settings.WENLAN_ANALYTICS_MIN_READERS < 10:
        problems.append(
            Warning(
                f"WENLAN_ANALYTICS_MIN_READERS is {settings.WENLAN_ANALYTICS_MIN_READERS}: "
                "published figures may then single out a reader.",
                hint="Leave it unset (10) unless your privacy officer agreed to less.",
                id="analytics.W001",
            )
        )
    if settings.WENLAN_ANALYTICS_BATCH_ROWS < 1:
        problems.append(
            Error(
                "WENLAN_ANALYTICS_BATCH_ROWS must be at least 1.",
                hint="Leave it unset (50000).",
                id="analytics.E001",
            )
        )
    uri = settings.WENLAN_ANALYTICS_URI
    scheme = uri.split("://", 1)[0] if "://" in uri else "file"
    if scheme not in {"file", "s3", "gs", "gcs", "hdfs", "abfs", "abfss"}:
        problems.append(
            Error(
                f"WENLAN_ANALYTICS_URI {uri!r}: pyarrow cannot write to {scheme}://.",
                hint="A directory, or an s3://, gs:// or hdfs:// URI.",
                id="analytics.E002",
            )
        )
    elif scheme == "file":
        try:
            pafs.LocalFileSystem().create_dir(uri.removeprefix("file://"), recursive=True)
        except OSError as error:
            problems.append(
                Error(
                    f"WENLAN_ANALYTICS_URI {uri!r} cannot be created: {error}",
                    hint="Give a directory the Wenlan user may write to.",
                    id="analytics.E003",
                )
            )
    return problems
