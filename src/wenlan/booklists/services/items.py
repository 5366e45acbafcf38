"""The books of a list: added by ISBN or by a catalog record chosen from a search,
removed, moved up or down, given a note. The list's row is locked first (it
guards its books' positions), then its books."""

from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.booklists import policies
from wenlan.booklists.errors import (
    BookAlreadyListedError,
    BookListFullError,
    BookListItemNotFoundError,
    BookNotInCatalogError,
)
from wenlan.booklists.locks import booklist_items_lock
from wenlan.booklists.models import BookListItem
from wenlan.booklists.services.lists import locked_for_edit
from wenlan.catalog.selectors.brief import record_by_isbn
from wenlan.catalog.selectors.records import records_by_ids
from wenlan.core import audit
from wenlan.core.errors import ValidationError
from wenlan.core.models import AuditAction
from wenlan.core.text import isbn_normalise

NOTE_MAX = 500


def _record_id(*, record_id: int | None, isbn: str) -> int:
    if record_id is not None:
        if not records_by_ids(record_ids=[record_id]):
            raise BookNotInCatalogError()
        return record_id
    isbn13 = isbn_normalise(isbn.strip())
    if isbn13 is None:
        raise ValidationError(_("这不是有效的 ISBN。"), field="isbn")
    record = record_by_isbn(isbn13=isbn13)
    if record is None:
        raise BookNotInCatalogError()
    return record.pk


def _notes(note_zh: str, note_en: str) -> tuple[str, str]:
    note_zh, note_en = note_zh.strip(), note_en.strip()
    if len(note_zh) > NOTE_MAX or len(note_en) > NOTE_MAX:
        raise ValidationError(_("推荐语最多 500 个字。"), field="note_zh")
    return note_zh, note_en


@transaction.atomic
def booklist_item_add(
    *,
    actor,
    list_id: int,
    record_id: int | None = None,
    isbn: str = "",
    note_zh: str = "",
    note_en: str = "",
) -> BookListItem:
    """The record (or the catalog's record of `isbn`) at the end of the list."""
    book_list = locked_for_edit(actor=actor, list_id=list_id)
    note_zh, note_en = _notes(note_zh, note_en)
    record_id = _record_id(record_id=record_id, isbn=isbn)
    items = booklist_items_lock(book_list.pk)
    if any(item.record_id == record_id for item in items):
        raise BookAlreadyListedError()
    if len(items) >= policies.MAX_BOOKS:
        raise BookListFullError()
    item = BookListItem.objects.create(
        book_list=book_list,
        record_id=record_id,
        position=max((i.position for i in items), default=0) + 1,
        note_zh=note_zh,
        note_en=note_en,
    )
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.CHANGE, subject=book_list, fields=["items"]
    )
    return item


def _locked_item(*, actor, list_id: int, item_id: int):
    book_list = locked_for_edit(actor=actor, list_id=list_id)
    items = sorted(booklist_items_lock(book_list.pk), key=lambda i: i.position)
    item = next((i for i in items if i.pk == item_id), None)
    if item is None:
        raise BookListItemNotFoundError()
    return book_list, items, item


@transaction.atomic
def booklist_item_remove(*, actor, list_id: int, item_id: int) -> None:
    """The book leaves the list; those after it move up one place."""
    book_list, items, item = _locked_item(actor=actor, list_id=list_id, item_id=item_id)
    rest_of_list = [i for i in items if i.pk != item_id]
    item.delete()
    for position, rest in enumerate(rest_of_list, start=1):
        if rest.position != position:
            rest.position = position
            rest.save(update_fields=["position"])
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.CHANGE, subject=book_list, fields=["items"]
    )


@transaction.atomic
def booklist_item_move(*, actor, list_id: int, item_id: int, direction: str) -> None:
    """The book swaps places with its neighbour; at an end nothing changes."""
    book_list, items, item = _locked_item(actor=actor, list_id=list_id, item_id=item_id)
    target = policies.move_target(position=item.position, direction=direction, count=len(items))
    if target is None:
        return
    other = next(i for i in items if i.position == target)
    # Positions are unique per list: one of the two steps aside for a moment.
    old = item.position
    item.position = 0
    item.save(update_fields=["position"])
    other.position = old
    other.save(update_fields=["position"])
    item.position = target
    item.save(update_fields=["position"])
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.CHANGE, subject=book_list, fields=["items"]
    )


@transaction.atomic
def booklist_item_note(
    *, actor, list_id: int, item_id: int, note_zh: str, note_en: str
) -> BookListItem:
    book_list, _items, item = _locked_item(actor=actor, list_id=list_id, item_id=item_id)
    item.note_zh, item.note_en = _notes(note_zh, note_en)
    item.save(update_fields=["note_zh", "note_en"])
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.CHANGE, subject=book_list, fields=["items"]
    )
    return item
