from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wenlan.exhibitions.selectors import exhibition_get_public, exhibition_list_public


def exhibition_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exhibitions/exhibition_list.html",
        {"exhibitions": list(exhibition_list_public())},
    )


def exhibition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exhibition = exhibition_get_public(slug=slug)
    return render(
        request,
        "exhibitions/exhibition_detail.html",
        {"exhibition": exhibition, "images": list(exhibition.images.all())},
    )
