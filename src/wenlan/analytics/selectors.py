"""What the current export holds."""

from dataclasses import dataclass

from django.conf import settings

from wenlan.analytics.storage import Store


@dataclass(frozen=True)
class ExportStatus:
    uri: str
    export_id: str | None
    rows: dict[str, int]
    files: dict[str, int]


def export_status(*, store: Store | None = None) -> ExportStatus:
    store = store or Store(settings.WENLAN_ANALYTICS_URI)
    manifest = store.current_manifest()
    states = manifest.datasets if manifest else {}
    return ExportStatus(
        uri=store.uri,
        export_id=manifest.export_id if manifest else None,
        rows={name: state.rows for name, state in states.items()},
        files={name: len(state.files) for name, state in states.items()},
    )


def current_export_id(*, store: Store | None = None) -> str | None:
    """The id of the export readers read now (one small file read): a key under which
    figures computed from it may be kept, since an export never changes."""
    store = store or Store(settings.WENLAN_ANALYTICS_URI)
    return store.current_export_id()


def export_has_rollups(*, store: Store | None = None) -> bool:
    """Whether the current export holds the rollups (analytics.rollups; an export
    written before they existed does not: its figures are read from the log)."""
    store = store or Store(settings.WENLAN_ANALYTICS_URI)
    manifest = store.current_manifest()
    return manifest is not None and "rollup_days" in manifest.datasets
