"""Reads. Search asks the index which records match; everything shown about them,
above all availability, is read from the database."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wenlan.catalog.display import language_name
from wenlan.catalog.enums import VISIBLE_STATUSES, ItemStatus, MaterialType, SearchSort
from wenlan.catalog.models import Item, Record
from wenlan.catalog.search import Filters, build_query, engine_search, suggest
from wenlan.core import rawsql
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.core.i18n import is_english, translated
from wenlan.network.models import Library

MAX_PAGE_SIZE = 100
MAX_OFFSET = 10_000

CLC_CLASSES = {
    "A": _lazy("马列主义、毛泽东思想、邓小平理论"),
    "B": _lazy("哲学、宗教"),
    "C": _lazy("社会科学总论"),
    "D": _lazy("政治、法律"),
    "E": _lazy("军事"),
    "F": _lazy("经济"),
    "G": _lazy("文化、科学、教育、体育"),
    "H": _lazy("语言、文字"),
    "I": _lazy("文学"),
    "J": _lazy("艺术"),
    "K": _lazy("历史、地理"),
    "N": _lazy("自然科学总论"),
    "O": _lazy("数理科学和化学"),
    "P": _lazy("天文学、地球科学"),
    "Q": _lazy("生物科学"),
    "R": _lazy("医药、卫生"),
    "S": _lazy("农业科学"),
    "T": _lazy("工业技术"),
    "U": _lazy("交通运输"),
    "V": _lazy("航空、航天"),
    "X": _lazy("环境科学、安全科学"),
    "Z": _lazy("综合性图书"),
}


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = SearchSort.RELEVANCE
    page: int = 1
    page_size: int = 20
    facets: bool = True


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


@dataclass
class SearchHit:
    record: Record
    copies: int
    available: int
    available_at: list["LibraryRef"]


@dataclass
class FacetBucket:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    buckets: list[FacetBucket]


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    facets: list[Facet]
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, MAX_OFFSET) // self.page_size))


# Copies are read by record id only, and withdrawn or lost ones are dropped here:
# a filter on status (an index most rows share) can lead the query planner away
# from the record_id index, which at a million copies turns 1 ms into 500 ms.
def _copies() -> QuerySet[Item]:
    return Item.objects.select_related("library", "location")


def search_params(
    *,
    q: str = "",
    libraries=(),
    available: bool = False,
    languages=(),
    clc=(),
    material=(),
    year_from: int | None = None,
    year_to: int | None = None,
    sort: str = SearchSort.RELEVANCE,
    page: int = 1,
    page_size: int = 20,
    facets: bool = True,
) -> SearchParams:
    """Checks and normalises what a page or the API was given."""
    if sort not in SearchSort.values:
        raise ValidationError(_("未知的排序方式。"), field="sort")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValidationError(
            _("每页条数须在 1 至 %(n)s 之间。") % {"n": MAX_PAGE_SIZE}, field="page_size"
        )
    if page < 1 or (page - 1) * page_size >= MAX_OFFSET:
        raise ValidationError(_("页码超出范围。"), field="page")
    for year in (year_from, year_to):
        if year is not None and not 0 <= year <= 9999:
            raise ValidationError(_("年份超出范围。"), field="year")
    return SearchParams(
        q=(q or "").strip(),
        filters=Filters(
            libraries=tuple(v for v in libraries if v)[:50],
            available_only=available,
            languages=tuple(v.lower() for v in languages if v)[:20],
            clc_tops=tuple(v.upper()[:1] for v in clc if v)[:30],
            materials=tuple(v for v in material if v in MaterialType.values),
            year_from=year_from,
            year_to=year_to,
        ),
        sort=sort,
        page=page,
        page_size=page_size,
        facets=facets,
    )


@dataclass(frozen=True)
class LibraryRef:
    """What a search hit or facet shows of a library (no model instance: a search
    page touches many of them)."""

    id: int
    code: str
    name_zh: str
    name_en: str

    @property
    def name(self) -> str:
        return translated(self, "name")


HIT_FIELDS = (
    "id",
    "title",
    "title_romanised",
    "authors",
    "publisher",
    "year",
    "isbns",
    "material_type",
    "language",
)


def _facets(
    raw: dict[str, list[tuple[str, int]]], params: SearchParams, names: dict[str, LibraryRef]
) -> list[Facet]:
    chosen = params.filters
    facets = [
        Facet(
            "library",
            _("图书馆"),
            [
                FacetBucket(k, names[k].name if k in names else k, n, k in chosen.libraries)
                for k, n in raw.get("library", [])
            ],
        ),
        Facet(
            "available",
            _("馆藏状态"),
            [
                FacetBucket("yes", _("现在可借"), n, chosen.available_only)
                for k, n in raw.get("available", [])
                if k == "yes"
            ],
        ),
        Facet(
            "language",
            _("语种"),
            [
                FacetBucket(k, language_name(k), n, k in chosen.languages)
                for k, n in raw.get("language", [])
            ],
        ),
        Facet(
            "clc",
            _("中图法分类"),
            [
                FacetBucket(
                    k, f"{k} {CLC_CLASSES[k]}" if k in CLC_CLASSES else k, n, k in chosen.clc_tops
                )
                for k, n in raw.get("clc_top", [])
            ],
        ),
        Facet(
            "material",
            _("资料类型"),
            [
                FacetBucket(
                    k,
                    str(MaterialType(k).label) if k in MaterialType.values else k,
                    n,
                    k in chosen.materials,
                )
                for k, n in raw.get("material", [])
            ],
        ),
        Facet(
            "decade",
            _("出版年代"),
            [
                FacetBucket(
                    k,
                    _("%(decade)s年代") % {"decade": k} if len(k) == 4 else k,
                    n,
                    chosen.year_from == int(k) and chosen.year_to == int(k) + 9,
                )
                for k, n in sorted(raw.get("decade", []), key=lambda kv: -int(kv[0]))
            ],
        ),
    ]
    return [facet for facet in facets if facet.buckets]


def _hits_and_copies(
    ids: list[int],
) -> tuple[dict[int, Record], dict[int, list[tuple[str, int]]]]:
    """The hits' records (HIT_FIELDS; the rest read on first use) and their visible
    copies as (status, library id). Hand-written statements: on every search,
    compiling the two querysets cost as much as running them (docs/benchmarks.md)."""
    record_is, params = rawsql.any_of("r.id", ids)
    item_is = rawsql.any_of("record_id", ids)[0]  # the same parameters
    records: dict[int, Record] = {}
    copies: dict[int, list[tuple[str, int]]] = {}
    with rawsql.cursor() as cursor:
        cursor.execute(
            f"SELECT {rawsql.columns(Record, 'r', HIT_FIELDS)} FROM {Record._meta.db_table} r"
            f" WHERE {record_is} AND NOT r.is_deleted",
            params,
        )
        for row in cursor.fetchall():
            record = rawsql.instance(Record, row, HIT_FIELDS)
            records[record.pk] = record
        cursor.execute(
            f"SELECT record_id, status, library_id FROM {Item._meta.db_table} WHERE {item_is}",
            params,
        )
        for record_id, status, library_id in cursor.fetchall():
            if status in VISIBLE_STATUSES:
                copies.setdefault(record_id, []).append((status, library_id))
    return records, copies


def _library_refs(ids: set[int], codes: list[str]) -> dict[int, LibraryRef]:
    """The libraries with these ids or codes, by id. A compiled queryset: written
    out by hand it saved less than the search benchmark's noise."""
    rows = Library.objects.filter(Q(pk__in=sorted(ids)) | Q(code__in=codes)).values_list(
        "id", "code", "name_zh", "name_en"
    )
    return {row[0]: LibraryRef(*row) for row in rows}


def catalog_search(*, params: SearchParams) -> SearchResult:
    """Three queries whatever the page: the hits' records, their copies, and the
    libraries named in the hits and the facets."""
    query = build_query(params.q, params.filters)
    found = engine_search(
        query,
        limit=params.page_size,
        offset=(params.page - 1) * params.page_size,
        sort=params.sort,
        facets=params.facets,
    )
    records, copies = _hits_and_copies(found.ids) if found.ids else ({}, {})
    facet_codes = [key for key, _count in found.facets.get("library", [])]
    library_ids = {
        lib
        for entries in copies.values()
        for status, lib in entries
        if status == ItemStatus.AVAILABLE
    }
    libraries = _library_refs(library_ids, facet_codes) if library_ids or facet_codes else {}
    hits = []
    for record_id in found.ids:
        record = records.get(record_id)
        if record is None:  # deleted since the index last heard of it
            continue
        entries = copies.get(record_id, [])
        available = [lib for status, lib in entries if status == ItemStatus.AVAILABLE]
        at = [libraries[lib] for lib in dict.fromkeys(available) if lib in libraries]
        hits.append(SearchHit(record, len(entries), len(available), at))
    by_code = {lib.code: lib for lib in libraries.values()}
    return SearchResult(
        hits=hits,
        total=found.total,
        facets=_facets(found.facets, params, by_code) if params.facets else [],
        page=params.page,
        page_size=params.page_size,
    )


def catalog_suggest(*, prefix: str, limit: int = 8) -> list[str]:
    return suggest(prefix, limit=min(max(limit, 1), 20))


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


# --- harvesting (OAI-PMH) ---------------------------------------------------


def records_for_harvest(
    *,
    changed_from: dt.datetime | None = None,
    changed_until: dt.datetime | None = None,
    library_code: str | None = None,
    clc_top: str | None = None,
    after_id: int = 0,
    limit: int = 100,
) -> list[Record]:
    """Records, deleted ones included, changed in [from, until], in id order after `after_id`."""
    return list(
        _harvest_queryset(changed_from, changed_until, library_code, clc_top)
        .filter(pk__gt=after_id)
        .order_by("pk")[:limit]
    )


def records_for_harvest_count(
    *,
    changed_from: dt.datetime | None = None,
    changed_until: dt.datetime | None = None,
    library_code: str | None = None,
    clc_top: str | None = None,
) -> int:
    return _harvest_queryset(changed_from, changed_until, library_code, clc_top).count()


def _harvest_queryset(changed_from, changed_until, library_code, clc_top) -> QuerySet[Record]:
    records = Record.objects.all()
    if changed_from is not None:
        records = records.filter(updated_at__gte=changed_from)
    if changed_until is not None:
        records = records.filter(updated_at__lte=changed_until)
    if library_code:
        records = records.filter(
            pk__in=Item.objects.filter(library__code=library_code).values("record_id")
        )
    if clc_top:
        records = records.filter(clc_top=clc_top)
    return records


def record_for_harvest(*, record_id: int) -> Record | None:
    return Record.objects.filter(pk=record_id).first()


def harvest_earliest() -> dt.datetime | None:
    first = Record.objects.order_by("updated_at").values_list("updated_at", flat=True).first()
    return first


def record_sets(*, record_ids: list[int]) -> dict[int, list[str]]:
    """The library codes holding each record (for the OAI-PMH set memberships)."""
    out: dict[int, set[str]] = {}
    for record_id, code in (
        Item.objects.filter(record_id__in=record_ids)
        .values_list("record_id", "library__code")
        .distinct()
    ):
        out.setdefault(record_id, set()).add(code)
    return {k: sorted(v) for k, v in out.items()}


def harvest_libraries() -> list[Library]:
    return list(Library.objects.filter(is_active=True).order_by("code"))
