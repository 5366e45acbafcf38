"""Row locks. A till step, in its one order: the reader's row (circulation's
lock, so that a desk lending to the same reader waits as well), then the store's
row (its budget). A 悦借 step: the copies' rows and the reader's (circulation's
locks, in its order), then the parcels'. Each only locks: what the rules count is
read after it."""

from django.conf import settings

from wenlan.core import locks
from wenlan.o2o.models import Bookstore, Parcel


def lock_timeout():
    """A till step waits at most WENLAN_CIRC_LOCK_TIMEOUT_MS for a lock, then BusyError."""
    return locks.lock_timeout(ms=settings.WENLAN_CIRC_LOCK_TIMEOUT_MS)


@locks.row_lock
def bookstore_lock(*, library_id: int) -> Bookstore | None:
    """The store's row locked (its library read in the same statement, not locked)."""
    return (
        Bookstore.objects.select_related("library")
        .select_for_update(of=("self",))
        .filter(library_id=library_id)
        .first()
    )


@locks.row_lock
def parcels_lock(*, parcel_ids: list[int]) -> list[Parcel]:
    """悦借 parcels, locked in primary-key order, after the copies' and the reader's
    locks (circulation's order: items, reader, then what o2o adds)."""
    return list(
        Parcel.objects.filter(pk__in=parcel_ids)
        .select_related("order", "library", "pickup_point__library")
        .order_by("pk")
        .select_for_update(of=("self",))
    )
