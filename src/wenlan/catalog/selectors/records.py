"""A record and its copies as the catalog pages show them, new arrivals, and the
records and copies of an export."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from wenlan.catalog.enums import VISIBLE_STATUSES, ItemStatus
from wenlan.catalog.models import Item, Record
from wenlan.catalog.search import build_query, engine_search
from wenlan.catalog.selectors.search import MAX_OFFSET, MAX_PAGE_SIZE, search_params
from wenlan.core.errors import NotFoundError
from wenlan.core.i18n import is_english, translated
from wenlan.network.models import Library


@dataclass
class Copy:
    barcode: str
    library: Library
    location: Library | None
    call_number: str
    shelf_location: str
    status: str
    status_label: str
    due_on: dt.date | None
    item_type: str
    shelf_location_lang: str = ""  # set when shown in the other language


@dataclass
class LibraryHoldings:
    library: Library
    copies: list[Copy]
    available: int


def _copies() -> QuerySet[Item]:
    return Item.objects.select_related("library", "location")


def record_get(*, record_id: int) -> Record:
    record = (
        Record.objects.filter(pk=record_id, is_deleted=False)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=_copies().order_by("library__code", "barcode"),
                to_attr="loaded_copies",
            )
        )
        .first()
    )
    if record is None:
        raise NotFoundError()
    return record


def record_holdings(record: Record) -> list[LibraryHoldings]:
    """Copies per library, for a record from `record_get`."""
    by_library: dict[int, LibraryHoldings] = {}
    for item in record.loaded_copies:
        if item.status not in VISIBLE_STATUSES:
            continue
        entry = by_library.setdefault(item.library_id, LibraryHoldings(item.library, [], 0))
        shelf_location, shelf_location_lang = _shelf_location(item)
        entry.copies.append(
            Copy(
                barcode=item.barcode,
                library=item.library,
                location=item.location,
                call_number=item.call_number,
                shelf_location=shelf_location,
                shelf_location_lang=shelf_location_lang,
                status=item.status,
                status_label=str(ItemStatus(item.status).label),
                due_on=item.due_on,
                item_type=item.item_type,
            )
        )
        if item.status == ItemStatus.AVAILABLE:
            entry.available += 1
    return sorted(by_library.values(), key=lambda h: (-h.available, h.library.code))


def _shelf_location(item: Item) -> tuple[str, str]:
    """A copy's shelf location in the page's language, and the language tag to
    mark it with when only the other language's name is there."""
    zh, en = item.shelf_location, item.shelf_location_en
    if is_english():
        return (en, "") if en or not zh else (zh, "zh-Hans")
    return (zh, "") if zh or not en else (en, "en")


def records_live_count() -> int:
    """Records in the catalog, the deleted ones apart."""
    return Record.objects.filter(is_deleted=False).count()


def records_new_arrivals(*, library_code: str = "", limit: int = 8) -> list[Record]:
    """The records whose copies came in last (newest copy first), each once; with
    `library_code`, those of that library. Two queries."""
    items = Item.objects.filter(status__in=VISIBLE_STATUSES, record__is_deleted=False)
    if library_code:
        items = items.filter(library__code=library_code)
    record_ids: list[int] = []
    for record_id in items.order_by("-acquired_on", "-pk").values_list("record_id", flat=True)[
        : limit * 5
    ]:
        if record_id not in record_ids:
            record_ids.append(record_id)
        if len(record_ids) == limit:
            break
    return records_by_ids(record_ids=record_ids)


def library_label(library: Library) -> str:
    return translated(library, "name")


def records_of_class(*, clc: str, limit: int = 60) -> list[int]:
    """Live records of a CLC class, most borrowed first: a top class (one letter)
    by `clc_top`, which the LC crosswalk sets without a class number (the search
    index files a record by its `clc` only); a longer class as a prefix of `clc`."""
    code = clc.strip().upper()
    records = Record.objects.filter(is_deleted=False)
    if len(code) == 1:
        records = records.filter(clc_top=code)
    elif code:
        records = records.filter(clc__istartswith=code)
    else:
        return []
    return list(records.order_by("-borrow_count", "pk").values_list("pk", flat=True)[:limit])


def records_by_ids(*, record_ids: list[int]) -> list[Record]:
    found = {r.pk: r for r in Record.objects.filter(pk__in=record_ids, is_deleted=False)}
    return [found[i] for i in record_ids if i in found]


def records_for_export(
    *, q: str = "", library_code: str | None = None, limit: int = 100_000
) -> Iterator[Record]:
    """The records of a search result (`q`) or of one library's holdings, in id order."""
    if q:
        params = search_params(
            q=q,
            libraries=[library_code] if library_code else (),
            facets=False,
            page_size=MAX_PAGE_SIZE,
        )
        query = build_query(params.q, params.filters)
        ids = engine_search(query, limit=min(limit, MAX_OFFSET), facets=False).ids
        yield from (
            Record.objects.filter(pk__in=ids, is_deleted=False)
            .order_by("pk")
            .iterator(chunk_size=500)
        )
        return
    records = Record.objects.filter(is_deleted=False)
    if library_code:
        if not Library.objects.filter(code=library_code).exists():
            raise NotFoundError()
        records = records.filter(items__library__code=library_code).distinct()
    yield from records.order_by("pk")[:limit].iterator(chunk_size=500)


def items_for_export(
    *, record_ids: list[int], library_code: str | None = None
) -> dict[int, list[Item]]:
    items = (
        Item.objects.filter(record_id__in=record_ids).select_related("library").order_by("barcode")
    )
    if library_code:
        items = items.filter(library__code=library_code)
    out: dict[int, list[Item]] = {}
    for item in items:
        out.setdefault(item.record_id, []).append(item)
    return out


@dataclass(frozen=True)
class RecordAvailability:
    copies: int
    available: int


def records_availability(*, record_ids: list[int]) -> dict[int, RecordAvailability]:
    """Visible copies and copies on the shelf per record (a course's reading list)."""
    counts: dict[int, list[int]] = {record_id: [0, 0] for record_id in record_ids}
    rows = Item.objects.filter(record_id__in=record_ids, status__in=VISIBLE_STATUSES)
    for record_id, status in rows.values_list("record_id", "status"):
        counts[record_id][0] += 1
        if status == ItemStatus.AVAILABLE:
            counts[record_id][1] += 1
    return {rid: RecordAvailability(copies=c, available=a) for rid, (c, a) in counts.items()}


@dataclass(frozen=True)
class RecordTraits:
    """What the recommendations describe a title by (content similarity)."""

    record_id: int
    clc: str
    clc_top: str
    subjects: tuple[str, ...]
    authors: tuple[str, ...]
    language: str


def _author_names(authors) -> tuple[str, ...]:
    return tuple(str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in authors or ())


def records_on_shelf_traits(*, batch_size: int = 2000) -> Iterator[RecordTraits]:
    """Every live record with a copy on a shelf somewhere in the network, in id order."""
    on_shelf = Item.objects.filter(status=ItemStatus.AVAILABLE).values("record_id")
    rows = (
        Record.objects.filter(is_deleted=False, pk__in=on_shelf)
        .order_by("pk")
        .values_list("pk", "clc", "clc_top", "subjects", "authors", "language")
    )
    for pk, clc, clc_top, subjects, authors, language in rows.iterator(chunk_size=batch_size):
        yield RecordTraits(
            record_id=pk,
            clc=clc or "",
            clc_top=clc_top or "",
            subjects=tuple(str(s) for s in subjects or ()),
            authors=_author_names(authors),
            language=language or "",
        )


def records_traits(*, record_ids: list[int]) -> dict[int, RecordTraits]:
    """The traits of these records (on a shelf or not), by id."""
    found: dict[int, RecordTraits] = {}
    for start in range(0, len(record_ids), 2000):
        rows = Record.objects.filter(pk__in=record_ids[start : start + 2000]).values_list(
            "pk", "clc", "clc_top", "subjects", "authors", "language"
        )
        for pk, clc, clc_top, subjects, authors, language in rows:
            found[pk] = RecordTraits(
                record_id=pk,
                clc=clc or "",
                clc_top=clc_top or "",
                subjects=tuple(str(s) for s in subjects or ()),
                authors=_author_names(authors),
                language=language or "",
            )
    return found
