from typing import Annotated, Literal

from django.http import StreamingHttpResponse
from django.urls import reverse
from ninja import Query, Router

from wenlan.catalog.enums import SearchSort
from wenlan.catalog.exports import FORMATS, export_stream
from wenlan.catalog.models import Record
from wenlan.catalog.permissions import ensure_can_catalogue
from wenlan.catalog.schemas import RecordOut, RecordSearchOut
from wenlan.catalog.selectors.records import record_get, record_holdings
from wenlan.catalog.selectors.search import (
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    SearchResult,
    catalog_search,
    catalog_suggest,
    search_params,
)
from wenlan.core.errors import ValidationError
from wenlan.core.i18n import translated
from wenlan.core.ids import RowId
from wenlan.network.selectors import library_get

router = Router(tags=["catalog"])

MAX_QUERY_LENGTH = 500


def _authors(record: Record) -> list[dict]:
    return [
        {"name": a.get("name", ""), "role": a.get("role", ""), "romanised": a.get("romanised", "")}
        for a in record.authors
    ]


def search_out(result: SearchResult) -> dict:
    return {
        "total": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "hits": [
            {
                "id": hit.record.pk,
                "url": reverse("catalog:record", args=[hit.record.pk]),
                "title": hit.record.title,
                "title_romanised": hit.record.title_romanised,
                "authors": _authors(hit.record),
                "publisher": hit.record.publisher,
                "year": hit.record.year,
                "isbns": hit.record.isbns,
                "material_type": hit.record.material_type,
                "language": hit.record.language,
                "copies": hit.copies,
                "available": hit.available,
                "available_at": [library.code for library in hit.available_at],
            }
            for hit in result.hits
        ],
        "facets": [
            {
                "name": f.name,
                "label": str(f.label),
                "buckets": [
                    {"key": b.key, "label": str(b.label), "count": b.count, "selected": b.selected}
                    for b in f.buckets
                ],
            }
            for f in result.facets
        ],
    }


@router.get("/search", response=RecordSearchOut, auth=None, summary="Search the union catalog")
def search(
    request,
    q: Annotated[str, Query(max_length=MAX_QUERY_LENGTH)] = "",
    library: Annotated[list[str] | None, Query(max_length=50)] = None,
    available: bool = False,
    language: Annotated[list[str] | None, Query(max_length=20)] = None,
    clc: Annotated[list[str] | None, Query(max_length=30)] = None,
    material: Annotated[list[str] | None, Query(max_length=20)] = None,
    year_from: Annotated[int | None, Query(ge=0, le=9999)] = None,
    year_to: Annotated[int | None, Query(ge=0, le=9999)] = None,
    sort: SearchSort = SearchSort.RELEVANCE,
    page: Annotated[int, Query(ge=1, le=MAX_OFFSET // 10)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    facets: bool = True,
):
    """Words in Chinese or English, pinyin (`hlm`, `hongloumeng`), traditional
    characters, ISBNs in any form; `title:`, `author:`, `subject:`, `publisher:`,
    `series:`, `clc:`, `isbn:` and "quoted phrases". Filters by library, available
    now, language, CLC top class, material type and year; facet counts for each.
    Availability is read from the database."""
    params = search_params(
        q=q,
        libraries=library or (),
        available=available,
        languages=language or (),
        clc=clc or (),
        material=material or (),
        year_from=year_from,
        year_to=year_to,
        sort=sort,
        page=page,
        page_size=page_size,
        facets=facets,
    )
    return search_out(catalog_search(params=params))


@router.get("/suggest", response=list[str], auth=None, summary="Title and author completions")
def suggest(
    request,
    q: Annotated[str, Query(max_length=MAX_QUERY_LENGTH)] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
):
    return catalog_suggest(prefix=q, limit=limit)


def record_out(record: Record) -> dict:
    items = []
    for holdings in record_holdings(record):
        for copy in holdings.copies:
            items.append(
                {
                    "barcode": copy.barcode,
                    "library": copy.library.code,
                    "library_name": translated(copy.library, "name"),
                    "location": copy.location.code if copy.location else None,
                    "call_number": copy.call_number,
                    "shelf_location": copy.shelf_location,
                    "item_type": copy.item_type,
                    "status": copy.status,
                    "status_label": copy.status_label,
                    "due_on": copy.due_on,
                }
            )
    return {
        **{
            name: getattr(record, name)
            for name in (
                "title",
                "title_romanised",
                "parallel_title",
                "responsibility",
                "publisher",
                "place",
                "year",
                "edition",
                "isbns",
                "clc",
                "subjects",
                "language",
                "series",
                "summary",
                "material_type",
                "updated_at",
            )
        },
        "id": record.pk,
        "url": reverse("catalog:record", args=[record.pk]),
        "authors": _authors(record),
        "items": items,
    }


@router.get(
    "/records/{record_id}", response=RecordOut, auth=None, summary="One record with its copies"
)
def record(request, record_id: RowId):
    return record_out(record_get(record_id=record_id))


@router.get("/export", summary="Export a search result or a library's holdings (cataloguers)")
def export(
    request,
    format: Literal["marc21", "marcxml", "csv"] = "marcxml",
    q: Annotated[str, Query(max_length=MAX_QUERY_LENGTH)] = "",
    library: Annotated[str | None, Query(max_length=32)] = None,
):
    """MARC21 (ISO 2709, UTF-8), MARCXML or CSV; `q` exports a search result,
    `library` one library's holdings."""
    ensure_can_catalogue(request.auth)
    if format not in FORMATS:
        raise ValidationError(field="format")
    if library is not None:
        library_get(code=library)  # an unknown library is a 404 before the stream starts
    content_type, extension = FORMATS[format]
    response = StreamingHttpResponse(
        export_stream(fmt=format, q=q, library_code=library), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="wenlan-catalog.{extension}"'
    return response
