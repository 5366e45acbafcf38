import functools
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from wenlan.core import audit
from wenlan.core.errors import (
    NotAuthenticatedError,
    NotFoundError,
    PermissionDeniedError,
    WenlanError,
)

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)
    except ValueError as error:
        raise ImproperlyConfigured(f"WENLAN_TRUSTED_PROXIES: {error}") from error


def trusted_proxies_problem() -> str:
    """What is wrong with WENLAN_TRUSTED_PROXIES, for the system check ("" if nothing)."""
    try:
        _networks(tuple(settings.WENLAN_TRUSTED_PROXIES))
    except ImproperlyConfigured as error:
        return str(error.__cause__)
    return ""


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address_from(meta: dict) -> str:
    """The address a request comes from. X-Forwarded-For is read only when the
    direct peer is a trusted proxy, from the right: the first hop that is not a
    trusted proxy is the client (anything left of it the client wrote itself)."""
    peer = meta.get("REMOTE_ADDR") or ""
    networks = _networks(tuple(settings.WENLAN_TRUSTED_PROXIES))
    if not networks or not _is_trusted(peer, networks):
        return peer
    client = peer
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        client = hop
        if not _is_trusted(hop, networks):
            break
    return client


def client_address(request: HttpRequest) -> str:
    address = getattr(request, "wenlan_client_address", None)
    if address is None:
        address = request.wenlan_client_address = client_address_from(request.META)
    return address


class RequestOriginMiddleware:
    """Remembers where the current request comes from, for the audit log and the
    sign-in limits."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.origin(client_address(request)):
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
