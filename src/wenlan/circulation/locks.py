"""Row locks, in the one order every circulation write takes them: item rows
(by primary key), then the reader, then the hold queue of a record (by primary
key). Each lock is taken inside the caller's transaction (`core.locks.row_lock`)
and only locks: what a rule counts is read by a later statement, after the lock
is held, so under READ COMMITTED it sees what the transaction before it wrote."""

from django.conf import settings

from wenlan.catalog.models import Item
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES
from wenlan.circulation.models import Hold, Loan
from wenlan.core import locks
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.models import Reader


def lock_timeout():
    """Circulation's locks wait at most WENLAN_CIRC_LOCK_TIMEOUT_MS, then BusyError."""
    return locks.lock_timeout(ms=settings.WENLAN_CIRC_LOCK_TIMEOUT_MS)


# What a lend or return shows of the copy's record and owning library.
_ITEM_AND_NAMES = (
    *(field.name for field in Item._meta.concrete_fields),
    "record__title", "library__code", "library__name_zh", "library__name_en",
)  # fmt: skip


@locks.row_lock
def item_lock_by_barcode(*, barcode: str) -> Item | None:
    """The item row locked, with its record's title and its owning library read in
    the same statement (not locked; not the record's MARC)."""
    return (
        Item.objects.select_related("record", "library")
        .only(*_ITEM_AND_NAMES)
        .select_for_update(of=("self",))
        .filter(barcode=barcode)
        .first()
    )


@locks.row_lock
def items_lock(*, item_ids: list[int]) -> list[Item]:
    return list(Item.objects.filter(pk__in=item_ids).order_by("pk").select_for_update())


@locks.row_lock
def reader_lock(*, reader_id: int | None = None, card_number: str | None = None) -> Reader | None:
    """The reader's row locked (not an erased reader's), by id or by card. The
    reader's standing is read after it (`selectors.reader_standing`)."""
    readers = Reader.objects.exclude(status=ReaderStatus.ERASED).select_for_update(of=("self",))
    if card_number is not None:
        return readers.filter(card_number=card_number).first()
    return readers.filter(pk=reader_id).first()


@locks.row_lock
def open_loan_lock(*, item_id: int) -> Loan | None:
    return (
        Loan.objects.select_for_update().filter(item_id=item_id, returned_at__isnull=True).first()
    )


@locks.row_lock
def reader_hold_lock(*, reader_id: int, record_id: int) -> Hold | None:
    """The reader's active hold on a record, locked (a lend that ends the wait)."""
    return (
        Hold.objects.select_for_update()
        .filter(reader_id=reader_id, record_id=record_id, status__in=ACTIVE_HOLD_STATUSES)
        .first()
    )


@locks.row_lock
def hold_queue_lock(*, record_id: int) -> list[Hold]:
    """The record's active holds, locked, in queue order."""
    return list(
        Hold.objects.filter(record_id=record_id, status__in=ACTIVE_HOLD_STATUSES)
        .select_related("reader")
        .order_by("pk")
        .select_for_update(of=("self",))
    )
