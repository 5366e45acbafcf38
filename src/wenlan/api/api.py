"""The one API. Domain errors become application/problem+json with their status."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from wenlan.api.auth import api_key_auth, session_auth
from wenlan.api.docs import LocalSwagger
from wenlan.booklists.api import router as booklists_router
from wenlan.catalog.api import router as catalog_router
from wenlan.circulation.api import router as circulation_router
from wenlan.core.errors import WenlanError
from wenlan.events.api import router as events_router
from wenlan.exhibitions.api import router as exhibitions_router
from wenlan.knowledge.api import router as knowledge_router
from wenlan.learning.api import router as learning_router
from wenlan.network.api import router as network_router
from wenlan.o2o.api import router as o2o_router
from wenlan.o2o.api_delivery import router as o2o_delivery_router
from wenlan.patrons.api import router as patrons_router
from wenlan.rankings.api import router as rankings_router
from wenlan.rankings.panel.api import router as rankings_panel_router
from wenlan.recommendations.api import router as recommendations_router
from wenlan.reference.api import router as reference_router
from wenlan.robot.api import router as robot_router
from wenlan.spaces.api import router as spaces_router
from wenlan.volunteers.api import router as volunteers_router

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details: `code` is stable, `title` is in the "
    "request's language; `detail` names the field at fault, or lists each invalid input.",
    "type": "object",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string"},
        "detail": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {"field": {"type": "string"}},
                },
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                            "type": {"type": "string"},
                            "msg": {"type": "string"},
                        },
                        "required": ["loc", "type", "msg"],
                    },
                },
            ]
        },
    },
    "required": ["type", "title", "status", "code"],
}

PROBLEM_DESCRIPTIONS = {
    400: "A character the server refuses in any input (a NUL byte)",
    401: "Not signed in, or no valid API key",
    403: "The caller's role or scopes do not allow this",
    404: "No such record, or not one the caller may see",
    409: "The request conflicts with the record's state",
    422: "The input is invalid",
    503: "Busy: try again",
}
_WRITES = {"post", "put", "patch", "delete"}


def _problems_of(method: str, operation: dict) -> list[int]:
    """The problem statuses an operation can answer with, told by its shape:
    authenticated ones may refuse the caller (401, 403) and read the caller's own
    records (404); path parameters name a record (404); any input can be invalid
    (422) or carry a NUL byte (400, refused by core.http_guards); a write can
    conflict with the state it changes (409) or wait too long for a lock (503)."""
    statuses = set()
    parameters = operation.get("parameters", [])
    if operation.get("security"):
        statuses |= {401, 403, 404}
    if any(p["in"] == "path" for p in parameters):
        statuses.add(404)
    if parameters or "requestBody" in operation:
        statuses |= {400, 422}
    if method in _WRITES:
        statuses |= {409, 503}
    return sorted(statuses)


class WenlanAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                responses = operation.setdefault("responses", {})
                for status in _problems_of(method, operation):
                    responses.setdefault(
                        status, {"description": PROBLEM_DESCRIPTIONS[status], "content": problem}
                    )
        return schema


api = WenlanAPI(
    title="Wenlan API",
    version="1.0",
    description=(
        "Wenlan 文澜, the city library network's platform. What the API covers:\n\n"
        "- **network**: libraries, branches and partners, opening hours, open now\n"
        "- **patrons**: the signed-in reader's record, e-card, privacy choices and data export; "
        "readers for staff (audited)\n"
        "- **catalog**: union-catalog search (Chinese, pinyin, traditional, ISBN) with "
        "facets, completions, records with their copies, MARC export\n"
        "- **circulation**: desk checkout, checkin and renewal, transits; a reader's "
        "loans and holds\n"
        "- **events**: the culture calendar, event management and approval, sign-ups and "
        "waitlists, ticket check-in, reading clubs\n"
        "- **spaces**: the maker space's machines and the rooms, their slots and bookings\n"
        "- **exhibitions**: the online exhibitions and their images\n"
        "- **knowledge**: the knowledge base about Hangzhou and the library (articles in both "
        "languages, FAQ entries, each library's page), and its search with sources and "
        "confidence\n"
        "- **o2o**: 悦读, a new book lent at a partner bookstore's till, paid by the library; "
        "the store's loans; 悦借, copies on a shelf delivered home or to a pickup point "
        "(orders, parcels, courier statuses)\n"
        "- **reference**: questions to a librarian (a reader's own, or filed by a reference "
        "alliance partner for its reader) and the referrals sent to a partner\n"
        "- **rankings**: China Reading feeds: a library, bookstore or publisher sends its "
        "loans, sales or new titles and gets the file's report; the published reading lists; "
        "an invited expert's round (scores and conflicts of interest)\n"
        "- **learning**: courses and their lessons, a reader's enrolments in classes, "
        "certificates verified by their code\n"
        "- **volunteers**: open shifts, a volunteer's sign-ups, approved hours and star "
        "level, certificates of hours verified by their code\n"
        "- **booklists**: the libraries' published reading lists (书单), each book's "
        "availability in the network and its hold link\n"
        "- **robot**: the reference robot: questions answered from live data or the knowledge "
        "base with their sources, rated, or handed to a librarian\n\n"
        "Authenticate with a session cookie or an `X-API-Key` header. Times are RFC 3339 "
        "date-times: answers give them in UTC (`Z`), requests may use any offset "
        "(`+08:00`). Every refusal is `application/problem+json` with a stable `code`."
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


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    # ninja's own refusals: a signed-in session's write without its CSRF token, and
    # a body that is not JSON (invalid input like any other, so a 422).
    if exc.status_code == 403:
        return _problem(
            request,
            status=403,
            code="csrf_failed",
            title=_("请求缺少有效的 CSRF 令牌，请刷新页面后重试。"),
        )
    return _problem(request, status=422, code="invalid", title=_("请求无法处理。"))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _problem(
        request, status=403, code="permission_denied", title=_("您没有执行此操作的权限。")
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _problem(request, status=404, code="not_found", title=_("找不到该记录。"))


def _invalid_message(error: dict) -> str:
    """pydantic's message for one invalid input, in the request's language."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("必填。")
    if kind in ("string_too_long", "too_long") and "max_length" in context:
        return _("最多 %(limit)s 个字符。") % {"limit": context["max_length"]}
    if kind in ("string_too_short", "too_short") and "min_length" in context:
        return _("至少 %(limit)s 个字符。") % {"limit": context["min_length"]}
    if kind in ("less_than_equal", "less_than") and context:
        return _("不能大于 %(limit)s。") % {"limit": next(iter(context.values()))}
    if kind in ("greater_than_equal", "greater_than") and context:
        return _("不能小于 %(limit)s。") % {"limit": next(iter(context.values()))}
    if kind.startswith("int_"):
        return _("应为整数。")
    if kind.startswith(("date", "time")):
        return _("日期或时间的格式不对。")
    if kind.startswith("bool"):
        return _("应为 true 或 false。")
    if kind in ("enum", "literal_error"):
        return _("不是可选的值之一。")
    return _("这个值无效。")


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    detail = [
        {
            "loc": list(error.get("loc", ())),
            "type": error.get("type", ""),
            "msg": _invalid_message(error),
        }
        for error in exc.errors
    ]
    return _problem(request, status=422, code="invalid", title=_("输入有误。"), detail=detail)


api.add_router("/network", network_router)
api.add_router("/patrons", patrons_router)
api.add_router("/catalog", catalog_router)
api.add_router("/events", events_router)
api.add_router("/spaces", spaces_router)
api.add_router("/exhibitions", exhibitions_router)
api.add_router("/knowledge", knowledge_router)
api.add_router("/circulation", circulation_router)
api.add_router("/o2o", o2o_router)
api.add_router("/o2o", o2o_delivery_router)
api.add_router("/reference", reference_router)
api.add_router("/rankings", rankings_router)
api.add_router("/rankings", rankings_panel_router)  # the panel's lists and rounds
api.add_router("/learning", learning_router)
api.add_router("/volunteers", volunteers_router)
api.add_router("/recommendations", recommendations_router)
api.add_router("/booklists", booklists_router)
api.add_router("/reference", robot_router)
