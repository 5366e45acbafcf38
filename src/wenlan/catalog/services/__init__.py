"""Writes to the catalog, one module per concern; the names are re-exported here."""

from wenlan.catalog.services.imports import (
    ImportFailure,
    ImportReport,
    RecordImportResult,
    catalog_import_file,
    record_import,
)
from wenlan.catalog.services.items import (
    MAX_BULK_ITEMS,
    ItemSpec,
    item_update,
    items_add_range,
    items_import,
    record_borrow_counts_set,
    record_delete,
)

__all__ = [
    "MAX_BULK_ITEMS",
    "ImportFailure",
    "ImportReport",
    "ItemSpec",
    "RecordImportResult",
    "catalog_import_file",
    "item_update",
    "items_add_range",
    "items_import",
    "record_borrow_counts_set",
    "record_delete",
    "record_import",
]
