"""The published lists: the archive by year and occasion, a list's page (each
book's availability in the network, a hold button, schema.org ItemList), its
exports, and the page other libraries embed in an iframe."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt

from wenlan.core.http_guards import content_security_policy
from wenlan.rankings.panel import exports
from wenlan.rankings.panel.enums import Occasion
from wenlan.rankings.panel.selectors import public as selectors


def archive(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    occasion = request.GET.get("occasion", "")
    chosen_year = int(year) if year.isdigit() and len(year) == 4 else None
    lists = list(selectors.lists_published(year=chosen_year, occasion=occasion)[:200])
    by_year: dict[int, list] = {}
    for reading_list in lists:
        by_year.setdefault(reading_list.date.year, []).append(reading_list)
    return render(
        request,
        "rankings/public/archive.html",
        {
            "by_year": sorted(by_year.items(), reverse=True),
            "years": selectors.published_years(),
            "occasions": Occasion.choices,
            "year": chosen_year,
            "occasion": occasion if occasion in Occasion.values else "",
        },
    )


def _hold_url(request: HttpRequest, record_id: int | None, page_url: str) -> str:
    if record_id is None:
        return ""
    if request.user.is_authenticated:
        return reverse("circulation:my_hold_place", args=[record_id])
    return reverse("accounts:login") + "?next=" + page_url


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    published = selectors.list_published(slug=slug)
    page_path = reverse("rankings:list_public", args=[slug])
    page_url = request.build_absolute_uri(page_path)
    books = [
        {"book": b, "hold_url": _hold_url(request, b.record_id, page_path) if b.copies else ""}
        for b in published.books
    ]
    embed_url = request.build_absolute_uri(reverse("rankings:list_embed", args=[slug]))
    script_url = request.build_absolute_uri(static("rankings/embed.js"))
    return render(
        request,
        "rankings/public/list.html",
        {
            "published": published,
            "list": published.reading_list,
            "books": books,
            "json_ld": exports.list_json_ld(
                published,
                page_url=page_url,
                record_url=lambda pk: request.build_absolute_uri(
                    reverse("catalog:record", args=[pk])
                ),
            ),
            "iframe_snippet": (
                f'<iframe src="{embed_url}" title="{escape(published.reading_list.theme)}" '
                'width="100%" height="600" loading="lazy"></iframe>'
            ),
            "script_snippet": (
                f'<script src="{script_url}" data-wenlan-list="{embed_url}" async></script>'
            ),
        },
    )


EMBED_POLICY_FROM = "frame-ancestors 'none'"


@xframe_options_exempt
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The list for other libraries' sites: any site may frame this page (and only
    this one); links open on our site in a new tab."""
    published = selectors.list_published(slug=slug)
    response = render(
        request,
        "rankings/public/embed.html",
        {"published": published, "list": published.reading_list},
    )
    response["Content-Security-Policy"] = content_security_policy().replace(
        EMBED_POLICY_FROM, "frame-ancestors *"
    )
    return response


def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    published = selectors.list_published(slug=slug)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(exports.list_data(published), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    elif fmt == "csv":
        response = HttpResponse(exports.list_csv(published), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.list_workbook(published),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404()
    response["Content-Disposition"] = f'attachment; filename="{slug}.{fmt}"'
    return response
