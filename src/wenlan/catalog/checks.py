from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError


@register()
def search_index_present(app_configs, **kwargs):
    """A catalog with records but no search index finds nothing: say how to build it."""
    if not (Path(settings.WENLAN_INDEX_DIR) / "catalog" / "meta.json").exists():
        from wenlan.catalog.models import Record

        try:
            has_records = Record.objects.filter(is_deleted=False).exists()
        except DatabaseError:  # not migrated yet: nothing to index
            return []
        if has_records:
            return [
                Warning(
                    f"The catalog search index is missing under {settings.WENLAN_INDEX_DIR}.",
                    hint="Run `wenlan reindex` (and keep the task worker running).",
                    id="catalog.W001",
                )
            ]
    return []


MIN_INDEX_BUILD_MB = 64  # Tantivy refuses less than about 15 MB per indexing thread


@register()
def index_build_memory(app_configs, **kwargs):
    if settings.WENLAN_INDEX_BUILD_MB < MIN_INDEX_BUILD_MB:
        return [
            Error(
                f"WENLAN_INDEX_BUILD_MB is {settings.WENLAN_INDEX_BUILD_MB}; "
                f"a rebuild needs at least {MIN_INDEX_BUILD_MB}.",
                hint="Leave it unset (1024) or give at least 64; more builds faster.",
                id="catalog.E001",
            )
        ]
    return []
