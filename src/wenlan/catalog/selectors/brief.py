"""Reads for a partner bookstore's till (a record by ISBN, how many copies the
network holds) and for the cataloguers' queue of brief records and new copies."""

from django.db.models import QuerySet

from wenlan.catalog.enums import VISIBLE_STATUSES, ItemStatus
from wenlan.catalog.models import Item, Record
from wenlan.catalog.permissions import catalogue_scope


def record_by_isbn(*, isbn13: str) -> Record | None:
    """The catalog's record of an ISBN-13 (the oldest, when duplicates wait to be
    merged), not a deleted one."""
    return Record.objects.filter(isbn_rows__isbn=isbn13, is_deleted=False).order_by("pk").first()


def record_ids_by_isbns(*, isbns: list[str]) -> dict[str, int]:
    """For each ISBN-13 the catalog has, its record (the oldest; deleted ones left out):
    one query for a whole reading list."""
    found: dict[str, int] = {}
    rows = Record.objects.filter(isbn_rows__isbn__in=isbns, is_deleted=False).order_by("pk")
    for isbn, record_id in rows.values_list("isbn_rows__isbn", "pk"):
        found.setdefault(isbn, record_id)
    return found


def record_copy_count(*, record_id: int) -> int:
    """Copies of a record the network holds (on a shelf, out, in transit or in processing)."""
    return Item.objects.filter(record_id=record_id, status__in=VISIBLE_STATUSES).count()


def brief_record_queue(*, actor) -> QuerySet[Record]:
    """Brief records waiting for a cataloguer, oldest first (the queue is the
    network's: a brief record belongs to no library until it has copies)."""
    if catalogue_scope(actor) == set():
        return Record.objects.none()
    return Record.objects.filter(is_brief=True, is_deleted=False).order_by("pk")


def brief_record_get(*, actor, record_id: int) -> Record | None:
    return brief_record_queue(actor=actor).filter(pk=record_id).first()


def new_copies_in_processing(*, actor) -> QuerySet[Item]:
    """New copies back at their own library, waiting to be processed into the
    collection, in the libraries where `actor` catalogues."""
    scope = catalogue_scope(actor)
    items = Item.objects.filter(
        new_acquisition=True, status=ItemStatus.IN_PROCESSING
    ).select_related("record", "library")
    if scope is not None:
        items = items.filter(library_id__in=scope)
    return items.order_by("library_id", "pk")


def item_id_by_barcode(*, barcode: str) -> int | None:
    """The copy with this barcode (o2o's 悦购 checks a new copy's label is free)."""
    return Item.objects.filter(barcode=barcode).values_list("pk", flat=True).first()
