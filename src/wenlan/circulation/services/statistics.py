"""Figures that circulation feeds back into the catalog."""

from django.db.models import Count

from wenlan.catalog.services.items import record_borrow_counts_set
from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.models import CirculationLogEntry


def record_borrow_counts_refresh() -> int:
    """Count every checkout in the circulation log per record and hand the totals to the
    catalog (its "most borrowed" sort). Returns how many records changed."""
    counts = dict(
        CirculationLogEntry.objects.filter(kind=LogEntryKind.CHECKOUT, record_id__isnull=False)
        .values_list("record_id")
        .annotate(n=Count("pk"))
        .values_list("record_id", "n")
    )
    return record_borrow_counts_set(counts=counts) if counts else 0
