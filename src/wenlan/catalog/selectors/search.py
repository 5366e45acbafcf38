"""Catalog search: the index says which records match; everything shown about
them, above all availability, is read from the database."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wenlan.catalog.display import language_name
from wenlan.catalog.enums import VISIBLE_STATUSES, ItemStatus, MaterialType, SearchSort
from wenlan.catalog.models import Item, Record
from wenlan.catalog.search import Filters, build_query, engine_search, suggest
from wenlan.core import rawsql
from wenlan.core.errors import ValidationError
from wenlan.core.i18n import translated
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
    """The libraries with these ids or codes, by id. Hand-written (prepared on
    PostgreSQL): on every search, the queryset cost 0.39 ms of CPU a call against
    0.08-0.11 ms this way (process time over 1,000 calls, bench/search.py's
    catalog), a fifth of a search's own time; throughput alone had hidden it."""
    id_is, id_params = rawsql.any_of("id", sorted(ids))
    code_is, code_params = rawsql.any_of("code", codes)
    with rawsql.cursor() as cursor:
        cursor.execute(
            f"SELECT id, code, name_zh, name_en FROM {Library._meta.db_table}"
            f" WHERE {id_is} OR {code_is}",
            id_params + code_params,
        )
        return {row[0]: LibraryRef(*row) for row in cursor.fetchall()}


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
