import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.catalog import display
from wenlan.catalog.enums import ItemStatus, SearchSort
from wenlan.catalog.forms import BriefRecordCompleteForm
from wenlan.catalog.permissions import can_catalogue, ensure_can_catalogue
from wenlan.catalog.selectors import brief as brief_selectors
from wenlan.catalog.selectors.records import record_get, record_holdings
from wenlan.catalog.selectors.search import CLC_CLASSES, catalog_search, search_params
from wenlan.catalog.services import brief as brief_services
from wenlan.core.errors import NotFoundError, ValidationError, WenlanError
from wenlan.core.i18n import translated

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


# The query box holds this many characters; a longer query (typed into the URL)
# is refused with the site's own page rather than searched.
MAX_QUERY_CHARS = 256
# The filters a new query or another sort keeps (the page goes back to 1).
KEPT_PARAMS = (
    "library",
    "available",
    "language",
    "clc",
    "material",
    "decade",
    "year_from",
    "year_to",
)


def catalog_search_page(request: HttpRequest) -> HttpResponse:
    get = request.GET
    if len(get.get("q", "")) > MAX_QUERY_CHARS:
        return render(
            request,
            "error.html",
            {
                "message": _("检索词太长（最多 %(n)s 个字符），请缩短后再试。")
                % {"n": MAX_QUERY_CHARS}
            },
            status=400,
        )
    sort = get.get("sort") if get.get("sort") in SearchSort.values else SearchSort.RELEVANCE
    decade = _int(get.get("decade"))
    year_from = _int(get.get("year_from"))
    year_to = _int(get.get("year_to"))
    if decade is not None:
        year_from, year_to = decade, decade + 9
    page = max(_int(get.get("page")) or 1, 1)
    error = ""
    try:
        params = search_params(
            q=get.get("q", ""),
            libraries=get.getlist("library"),
            available=get.get("available") == "1",
            languages=get.getlist("language"),
            clc=get.getlist("clc"),
            material=get.getlist("material"),
            year_from=year_from,
            year_to=year_to,
            sort=sort,
            page=page,
            page_size=PAGE_SIZE,
        )
    except ValidationError as exc:
        error = str(exc)
        params = search_params(q=get.get("q", ""), page_size=PAGE_SIZE)
    result = catalog_search(params=params)
    facets = [
        (
            facet,
            [
                (bucket, _toggle_url(request, facet.name, bucket.key, bucket.selected))
                for bucket in facet.buckets
            ],
        )
        for facet in result.facets
    ]
    return render(
        request,
        "catalog/search.html",
        {
            "params": params,
            "result": result,
            "error": error,
            "sorts": SearchSort.choices,
            "sort": sort,
            "query_without_page": _query_without(request, "page"),
            "facets": facets,
            "can_export": request.user.is_authenticated and can_catalogue(request.user),
            "export_formats": [("marc21", "MARC21"), ("marcxml", "MARCXML"), ("csv", "CSV")],
            "first_number": (result.page - 1) * result.page_size + 1,
            "kept_filters": [(name, value) for name in KEPT_PARAMS for value in get.getlist(name)],
            "max_query": MAX_QUERY_CHARS,
        },
    )


def _toggle_url(request: HttpRequest, name: str, key: str, selected: bool) -> str:
    """The search URL with one facet value switched on or off (page back to 1)."""
    query = request.GET.copy()
    query.pop("page", None)
    if name == "available":
        query.pop("available", None)
        if not selected:
            query["available"] = "1"
    elif name == "decade":
        for param in ("decade", "year_from", "year_to"):
            query.pop(param, None)
        if not selected:
            query["decade"] = key
    else:
        values = [v for v in query.getlist(name) if v != key]
        if not selected:
            values.append(key)
        query.setlist(name, values)
    return "?" + query.urlencode()


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _json_ld(request: HttpRequest, record, holdings) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Book",
        "@id": request.build_absolute_uri(reverse("catalog:record", args=[record.pk])),
        "name": display.isbd_trim(record.title),
    }
    if record.title_romanised or record.parallel_title:
        data["alternateName"] = [t for t in (record.title_romanised, record.parallel_title) if t]
    if names := display.author_names(record.authors):
        data["author"] = [{"@type": "Person", "name": name} for name in names]
    if record.isbns:
        data["isbn"] = record.isbns[0] if len(record.isbns) == 1 else record.isbns
    if record.publisher:
        data["publisher"] = {
            "@type": "Organization",
            "name": display.publisher_display(record.publisher),
        }
    if record.year:
        data["datePublished"] = str(record.year)
    if record.language:
        data["inLanguage"] = display.language_tag(record.language)
    if record.edition:
        data["bookEdition"] = record.edition
    if record.subjects:
        data["about"] = record.subjects
    if record.summary:
        data["description"] = record.summary
    offers = []
    for entry in holdings:
        offers.append(
            {
                "@type": "Offer",
                "price": "0",
                "priceCurrency": "CNY",
                "availability": "https://schema.org/InStock"
                if entry.available
                else "https://schema.org/OutOfStock",
                "offeredBy": {"@type": "Library", "name": translated(entry.library, "name")},
                "businessFunction": "http://purl.org/goodrelations/v1#LeaseOut",
            }
        )
    if offers:
        data["offers"] = offers
    # Escape "<" so a title can never close the <script> element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def record_page(request: HttpRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id=record_id)
    holdings = record_holdings(record)
    return render(
        request,
        "catalog/record.html",
        {
            "record": record,
            "holdings": holdings,
            "available_total": sum(h.available for h in holdings),
            "copies_total": sum(len(h.copies) for h in holdings),
            "json_ld": _json_ld(request, record, holdings),
            "clc_class": CLC_CLASSES.get(record.clc[:1].upper(), "") if record.clc else "",
            "on_loan": ItemStatus.ON_LOAN,
            "available_status": ItemStatus.AVAILABLE,
        },
    )


# --- the cataloguers' queue: brief records and new copies (悦读) -------------------


@login_required
def brief_queue(request: HttpRequest) -> HttpResponse:
    ensure_can_catalogue(request.user)
    return render(
        request,
        "catalog/brief_queue.html",
        {
            "records": list(brief_selectors.brief_record_queue(actor=request.user)[:200]),
            "items": list(brief_selectors.new_copies_in_processing(actor=request.user)[:200]),
        },
    )


@login_required
def brief_complete(request: HttpRequest, record_id: int) -> HttpResponse:
    ensure_can_catalogue(request.user)
    record = brief_selectors.brief_record_get(actor=request.user, record_id=record_id)
    if record is None:
        raise NotFoundError()
    initial = {
        "title": record.title,
        "author": record.first_author,
        "publisher": record.publisher,
        "year": record.year,
        "clc": record.clc,
        "subjects": "; ".join(record.subjects),
    }
    form = BriefRecordCompleteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            brief_services.record_brief_complete(
                actor=request.user,
                record_id=record.pk,
                title=data["title"],
                author=data["author"],
                publisher=data["publisher"],
                year=data["year"],
                clc=data["clc"],
                subjects=data["subjects"].replace("；", ";").split(";"),
            )
        except WenlanError as error:
            form.add_error(getattr(error, "field", None) or None, str(error))
        else:
            messages.success(request, _("《%(title)s》已完成编目。") % {"title": data["title"]})
            return redirect("catalog:brief_queue")
    return render(request, "catalog/brief_complete.html", {"record": record, "form": form})


@login_required
@require_POST
def new_copy_shelve(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = brief_services.item_processing_done(actor=request.user, item_id=item_id)
    except ValidationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("单册 %(barcode)s 已入藏上架。") % {"barcode": item.barcode})
    return redirect("catalog:brief_queue")
