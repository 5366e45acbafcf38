"""Figures that circulation feeds back into the catalog."""

from django.db.models import Count

from wenlan.catalog.services import record_borrow_counts_set
from wenlan.circulation.enums import EventKind
from wenlan.circulation.models import CirculationEvent


def record_borrow_counts_refresh() -> int:
    """Count every checkout in the event log per record and hand the totals to the
    catalog (its "most borrowed" sort). Returns how many records changed."""
    counts = dict(
        CirculationEvent.objects.filter(kind=EventKind.CHECKOUT, record_id__isnull=False)
        .values_list("record_id")
        .annotate(n=Count("pk"))
        .values_list("record_id", "n")
    )
    return record_borrow_counts_set(counts=counts) if counts else 0
