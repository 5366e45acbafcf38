"""Row locks. A till step, in its one order: the reader's row (circulation's
lock, so that a desk lending to the same reader waits as well), then the store's
row (its budget), then the ISBN's row (the title's copies in the network). Each
only locks: what the rules count is read after it. A 悦借 step: the copies' rows
and the reader's (circulation's locks, in its order), then the parcels'."""

from django.conf import settings

from wenlan.core import locks
from wenlan.o2o.enums import HandOnStatus
from wenlan.o2o.models import (
    Bookstore,
    HandOnOffer,
    Parcel,
    PurchaseSuggestion,
    StoreListing,
    StoreOrder,
    TillIsbn,
)


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
def till_isbn_lock(*, isbn13: str) -> None:
    """The ISBN's row locked, made first if no till has scanned the ISBN before (a
    till making it at the same moment is waited for, not failed)."""
    TillIsbn.objects.bulk_create([TillIsbn(isbn=isbn13)], ignore_conflicts=True)
    TillIsbn.objects.select_for_update().filter(isbn=isbn13).get()


@locks.row_lock
def handon_offer_lock(*, offer_id: int) -> HandOnOffer | None:
    """悦享: an offer's row, taken after circulation's item and reader locks."""
    return HandOnOffer.objects.select_for_update().filter(pk=offer_id).first()


@locks.row_lock
def handon_offers_open_lock(*, loan_id: int) -> list[HandOnOffer]:
    return list(
        HandOnOffer.objects.filter(loan_id=loan_id, status=HandOnStatus.OPEN)
        .order_by("pk")
        .select_for_update()
    )


@locks.row_lock
def suggestion_lock(*, suggestion_id: int) -> PurchaseSuggestion | None:
    """悦购: a suggestion's row, before the staff decide or receive it."""
    return (
        PurchaseSuggestion.objects.select_related("reader", "library")
        .select_for_update(of=("self",))
        .filter(pk=suggestion_id)
        .first()
    )


@locks.row_lock
def store_listing_lock(*, listing_id: int) -> StoreListing | None:
    return StoreListing.objects.select_for_update().filter(pk=listing_id).first()


@locks.row_lock
def store_order_lock(*, order_id: int) -> StoreOrder | None:
    return StoreOrder.objects.select_for_update().filter(pk=order_id).first()


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
