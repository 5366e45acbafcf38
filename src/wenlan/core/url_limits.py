"""Requests whose address is too long get the site's own page (HTTP 414) in the
reader's language, not the web server's bare "URI Too Long". `wenlan run` lets
gunicorn take request lines up to its maximum (8190 bytes) so that such requests
reach Django; this middleware refuses any whose address is past
WENLAN_MAX_URL_LENGTH characters. The API (/api/) is left to answer for itself
in problem+json: it reads only the start of a long query."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class UrlLengthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = len(request.path) + len(request.META.get("QUERY_STRING", ""))
        if length > settings.WENLAN_MAX_URL_LENGTH and not request.path.startswith("/api/"):
            return render(
                request,
                "error.html",
                {
                    "title": _("网址太长"),
                    "message": _(
                        "这个网址太长，无法处理。检索时请用较短的检索词或较少的筛选条件。"
                    ),
                },
                status=414,
            )
        return self.get_response(request)
