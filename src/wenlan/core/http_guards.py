"""Guards every request passes: NUL bytes refused, the security headers a browser
obeys (Content-Security-Policy, Permissions-Policy), and the idle timeout of staff
sessions. Installed in settings.MIDDLEWARE; docs/operators.md lists the settings."""

import datetime as dt
import json
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wenlan.core import clock

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
API_PREFIX = "/api/"

# Scripts and styles only from our own static files (no inline <script>, no
# on*= handlers, no style attributes: docs/architecture.md). Pictures may come
# from the addresses staff and partners' feeds give for events and exhibitions.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# "Near me" asks for the position; event check-in scans tickets with the camera.
PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",
        "camera=(self)",
        "microphone=()",
        "accelerometer=()",
        "ambient-light-sensor=()",
        "autoplay=()",
        "bluetooth=()",
        "browsing-topics=()",
        "display-capture=()",
        "encrypted-media=()",
        "fullscreen=()",
        "gamepad=()",
        "gyroscope=()",
        "hid=()",
        "idle-detection=()",
        "magnetometer=()",
        "midi=()",
        "payment=()",
        "picture-in-picture=()",
        "publickey-credentials-get=()",
        "screen-wake-lock=()",
        "serial=()",
        "usb=()",
        "web-share=()",
        "xr-spatial-tracking=()",
    ]
)
LAST_SEEN_KEY = "wenlan_staff_last_seen"
# The last-seen time is written to the session at most this often, so a busy
# desk does not write its session row on every request.
LAST_SEEN_RESOLUTION = dt.timedelta(seconds=30)


def _has_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def _json_has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(NUL in key or _json_has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(item) for item in value)
    return False


def _body_has_nul(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        return any(
            NUL in key or _has_nul(values) for key, values in request.POST.lists()
        ) or _has_nul(upload.name or "" for upload in request.FILES.values())
    if content_type == "application/json" or content_type.endswith("+json"):
        body = request.body
        if b"\\u0000" not in body and b"\x00" not in body:
            return False
        try:
            return _json_has_nul(json.loads(body))
        except ValueError:
            return b"\x00" in body  # not JSON: the API says so, unless it carries NUL
    return False


def request_has_nul(request: HttpRequest) -> bool:
    """A NUL byte in the path, the query string (names or values), a form field
    or a JSON string. PostgreSQL cannot store NUL in text, and no person types one."""
    if NUL in request.path_info:
        return True
    if any(NUL in key or _has_nul(values) for key, values in request.GET.lists()):
        return True
    return _body_has_nul(request)


class NulByteGuardMiddleware:
    """Refuses a request carrying a NUL byte with 400: a problem+json for the API,
    a page saying why for people."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            return self.refusal(request)
        return self.get_response(request)

    @staticmethod
    def refusal(request: HttpRequest) -> HttpResponse:
        message = _("请求中含有不允许的字符（NUL），请检查后重试。")
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse(
                {
                    "type": "https://wenlan.org/problems/invalid_character",
                    "title": message,
                    "status": 400,
                    "code": "invalid_character",
                },
                status=400,
                content_type="application/problem+json",
                json_dumps_params={"ensure_ascii": False},
            )
        return render(request, "error.html", {"message": message}, status=400)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (a view
    that sets its own keeps it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _is_staff(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


class StaffIdleTimeoutMiddleware:
    """Signs staff out after WENLAN_STAFF_IDLE_MINUTES without a request, so a
    desk left open does not show readers' records to the next person. Readers
    are not affected. Pages go to the login page with a message; the API answers
    as to anyone signed out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_staff(request.user):
            now = clock.now()
            idle = dt.timedelta(minutes=settings.WENLAN_STAFF_IDLE_MINUTES)
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - dt.datetime.fromisoformat(last_seen) > idle:
                logout(request)
                if not request.path_info.startswith(API_PREFIX):
                    messages.warning(
                        request,
                        _("您已超过 %(minutes)s 分钟未操作，为保护读者信息已自动退出，请重新登录。")
                        % {"minutes": settings.WENLAN_STAFF_IDLE_MINUTES},
                    )
                    return redirect_to_login(request.get_full_path())
            elif (
                last_seen is None
                or now - dt.datetime.fromisoformat(last_seen) >= LAST_SEEN_RESOLUTION
            ):
                request.session[LAST_SEEN_KEY] = now.isoformat()
        return self.get_response(request)
