from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from wenlan.accounts.permissions import request_grants_cache


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's and the cookie's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class RequestGrantsMiddleware:
    """Keeps each user's grants for the length of one request
    (`accounts.permissions.grants_for`), so a page that asks `can` many times
    reads the roles once, and the next request reads them afresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_grants_cache():
            return self.get_response(request)
