from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from wenlan.core import audit
from wenlan.core.errors import (
    NotAuthenticatedError,
    NotFoundError,
    PermissionDeniedError,
    WenlanError,
)


class RequestOriginMiddleware:
    """Remembers where the current request comes from, for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.origin(request.META.get("REMOTE_ADDR") or ""):
            return self.get_response(request)


class DomainErrorMiddleware:
    """Pages turn a domain error into the page a person expects: the login page,
    a refusal (403), a missing record (404)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, WenlanError):
            return None
        if isinstance(exception, NotAuthenticatedError):
            return redirect_to_login(request.get_full_path())
        if isinstance(exception, NotFoundError):
            raise Http404(str(exception)) from exception
        if isinstance(exception, PermissionDeniedError):
            raise PermissionDenied(str(exception)) from exception
        return render(request, "error.html", {"message": str(exception)}, status=exception.status)
