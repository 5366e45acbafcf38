"""The one API. Domain errors become application/problem+json with their status."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from wenlan.api.auth import api_key_auth, session_auth
from wenlan.api.docs import LocalSwagger
from wenlan.catalog.api import router as catalog_router
from wenlan.circulation.api import router as circulation_router
from wenlan.core.errors import WenlanError
from wenlan.events.api import router as events_router
from wenlan.network.api import router as network_router
from wenlan.patrons.api import router as patrons_router

api = NinjaAPI(
    title="Wenlan API",
    version="1.0",
    description=(
        "Wenlan 文澜, the city library network's platform. What the API covers:\n\n"
        "- **network**: libraries, branches and partners, opening hours, open now\n"
        "- **patrons**: the signed-in reader's record, privacy choices and data export; "
        "readers for staff (audited)\n"
        "- **catalog**: union-catalog search (Chinese, pinyin, traditional, ISBN) with "
        "facets, completions, records with their copies, MARC export\n"
        "- **circulation**: desk checkout, checkin and renewal, transits; a reader's "
        "loans and holds\n"
        "- **events**: the culture calendar, event management and approval, sign-ups and "
        "waitlists, ticket check-in, makerspace bookings, reading clubs\n\n"
        "Errors are `application/problem+json` with a stable `code`. Authenticate with a "
        "session cookie or an `X-API-Key` header."
    ),
    auth=[api_key_auth, session_auth],
    urls_namespace="api",
    docs=LocalSwagger(),
)


def _problem(request: HttpRequest, *, status: int, code: str, title: str, detail=None):
    body = {
        "type": f"https://wenlan.org/problems/{code}",
        "title": title,
        "status": status,
        "code": code,
    }
    if detail is not None:
        body["detail"] = detail
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(WenlanError)
def on_domain_error(request, exc: WenlanError):
    detail = {"field": exc.field} if getattr(exc, "field", None) else None
    return _problem(request, status=exc.status, code=exc.code, title=str(exc), detail=detail)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return _problem(
        request, status=401, code="not_authenticated", title=_("请先登录或提供有效的 API 密钥。")
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _problem(
        request, status=403, code="permission_denied", title=_("您没有执行此操作的权限。")
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _problem(request, status=404, code="not_found", title=_("找不到该记录。"))


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return _problem(request, status=422, code="invalid", title=_("输入有误。"), detail=exc.errors)


api.add_router("/network", network_router)
api.add_router("/patrons", patrons_router)
api.add_router("/catalog", catalog_router)
api.add_router("/events", events_router)
api.add_router("/circulation", circulation_router)
