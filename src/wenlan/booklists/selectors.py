"""Reads: the lists staff may edit (scoped with library_scope), one list with its
books for staff, the published lists and a published list's page (each book's
catalog brief and how many copies are on a shelf in the network)."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can, library_scope
from wenlan.booklists.enums import BookListStatus
from wenlan.booklists.errors import BookListNotFoundError
from wenlan.booklists.models import BookList, BookListAnnouncement, BookListItem
from wenlan.catalog.models import Record
from wenlan.catalog.selectors.records import records_availability, records_by_ids
from wenlan.catalog.selectors.search import catalog_search, search_params
from wenlan.core.text import normalise
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library
from wenlan.recommendations.selectors import SegmentRow, segment_list


@dataclass(frozen=True)
class BookRow:
    item: BookListItem
    record: Record
    copies: int  # in the network: on a shelf, out, in transit or in processing
    available: int  # on a shelf


@dataclass(frozen=True)
class BookListPage:
    book_list: BookList
    books: list[BookRow]


def booklist_libraries(*, actor) -> list[Library]:
    """The libraries whose lists `actor` may make (not pickup points)."""
    ensure_can(actor, Perm.BOOKLIST_MANAGE)
    scope = library_scope(actor, Perm.BOOKLIST_MANAGE)
    libraries = Library.objects.exclude(kind=LibraryKind.PICKUP_POINT).order_by("kind", "code")
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    return list(libraries)


def booklist_list_for_staff(*, actor) -> QuerySet[BookList]:
    """The lists of the libraries in the actor's scope, newest first, with counts."""
    ensure_can(actor, Perm.BOOKLIST_MANAGE)
    scope = library_scope(actor, Perm.BOOKLIST_MANAGE)
    lists = BookList.objects.select_related("library").annotate(books=Count("items"))
    if scope is not None:
        lists = lists.filter(library_id__in=scope)
    return lists.order_by("-created_at", "-pk")


def booklist_get_for_staff(*, actor, list_id: int) -> BookList:
    ensure_can(actor, Perm.BOOKLIST_MANAGE)
    book_list = BookList.objects.select_related("library").filter(pk=list_id).first()
    if book_list is None:
        raise BookListNotFoundError()
    ensure_can(actor, Perm.BOOKLIST_MANAGE, library_id=book_list.library_id)
    return book_list


def _books(book_list: BookList) -> list[BookRow]:
    """Three queries: the items, their records, their copies."""
    items = list(BookListItem.objects.filter(book_list=book_list).order_by("position"))
    record_ids = [item.record_id for item in items]
    records = {r.pk: r for r in records_by_ids(record_ids=record_ids)}
    counts = records_availability(record_ids=record_ids)
    return [
        BookRow(
            item=item,
            record=records[item.record_id],
            copies=counts[item.record_id].copies,
            available=counts[item.record_id].available,
        )
        for item in items
        if item.record_id in records  # a record deleted from the catalog since
    ]


def booklist_page_for_staff(*, actor, list_id: int) -> BookListPage:
    book_list = booklist_get_for_staff(actor=actor, list_id=list_id)
    return BookListPage(book_list=book_list, books=_books(book_list))


def booklist_announcements(*, book_list: BookList) -> list[BookListAnnouncement]:
    return list(
        BookListAnnouncement.objects.filter(book_list=book_list)
        .select_related("segment", "sent_by")
        .order_by("-sent_at", "-pk")
    )


def booklist_segments(*, actor, book_list: BookList) -> list[SegmentRow]:
    """The segments `actor` may send this list to, with their counts in reach (none
    when they may not reach readers of the list's library)."""
    if not can(actor, Perm.AUDIENCE_MANAGE, library_id=book_list.library_id):
        return []
    return segment_list(actor=actor)


def booklists_published() -> QuerySet[BookList]:
    """The published lists, newest first, with their library and number of books."""
    return (
        BookList.objects.filter(status=BookListStatus.PUBLISHED)
        .select_related("library")
        .annotate(books=Count("items"))
        .order_by("-published_at", "-pk")
    )


def booklist_get_published(*, list_id: int) -> BookList:
    book_list = booklists_published().filter(pk=list_id).first()
    if book_list is None:
        raise BookListNotFoundError()
    return book_list


def booklist_page_published(*, list_id: int) -> BookListPage:
    """A published list's page; a draft or withdrawn one is not found."""
    book_list = booklist_get_published(list_id=list_id)
    return BookListPage(book_list=book_list, books=_books(book_list))


def records_about(*, word: str, limit: int) -> list[int]:
    """Records whose title or subjects hold `word` (traditional or simplified, any
    case), most borrowed first: the catalog search finds the candidates, and those
    that matched only their publisher, place or notes are left out."""
    wanted = normalise(word.strip())
    if not wanted:
        return []
    params = search_params(q=word, sort="most_borrowed", page_size=limit, facets=False)
    hit_ids = [hit.record.pk for hit in catalog_search(params=params).hits]
    return [
        record.pk
        for record in records_by_ids(record_ids=hit_ids)
        if wanted in normalise(" ".join([record.title, *map(str, record.subjects or [])]))
    ]
