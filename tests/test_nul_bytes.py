"""A NUL byte anywhere a request carries text gives a 4xx, never a 500.

PostgreSQL refuses NUL in text, so a NUL that reaches a query used to end in a
server error. The probe sends NUL through every URL pattern's path parameters and
query string, through every form a page offers (as the reader-and-administrator
who sees the most forms, and signed out), and through the JSON body of every API
operation that takes one. Run with `-s` to see the status counts."""

import json
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.services import apikey_create
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import RecordFactory
from wenlan.events.models import ReadingClub
from wenlan.events.tests.factories import OccurrenceFactory, RegistrationFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.spaces.tests.factories import BookingFactory, ResourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

NUL = "\x00"
# Every name a view or an API operation reads from the query string.
QUERY_NAMES = (
    "q",
    "page",
    "library",
    "category",
    "kind",
    "type",
    "by",
    "card",
    "id",
    "open",
    "lat",
    "lon",
    "date",
    "month",
    "year",
    "next",
    "channel",
    "audience",
    "when",
    "limit",
    "offset",
    "cursor",
    "from",
    "to",
    "since",
    "until",
    "status",
    "verb",
    "metadataPrefix",
    "identifier",
    "resumptionToken",
    "set",
    "code",
    "slug",
    "barcode",
    "isbn",
    "action",
    "language",
)
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


class _Forms(HTMLParser):
    """The POST forms of a page: their action and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._current: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = (attrs.get("action") or "", [])
            self.forms.append(self._current)
        elif (
            tag in {"input", "select", "textarea"}
            and self._current
            and attrs.get("name")
            and attrs.get("type") not in {"file", "submit"}
        ):
            self._current[1].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


@pytest.fixture
def world():
    library = LibraryFactory(code="L1")
    admin = staff_with_role(Role.NETWORK_ADMIN, username="L000000001")
    reader = ReaderFactory(user=admin, card_number="L000000001", home_library=library)
    occurrence = OccurrenceFactory(confirmed_count=1)
    registration = RegistrationFactory(reader=reader, occurrence=occurrence)
    resource = ResourceFactory(slug="printer", library=library)
    booking = BookingFactory(reader=reader, resource=resource)
    ReadingClub.objects.create(
        slug="club",
        name_zh="书友会",
        description_zh="读书",
        library=library,
        founder=reader,
    )
    ids = {
        "reader_id": reader.pk,
        "event_id": occurrence.event_id,
        "occurrence_id": occurrence.pk,
        "registration_id": registration.pk,
        "booking_id": booking.pk,
        "record_id": RecordFactory().pk,
    }
    _, key = apikey_create(user=admin, name="probe", scopes=Perm.values)
    ids["api_key"] = key
    return admin, ids


def _path(pattern: str, ids: dict) -> str | None:
    if pattern.startswith("admin/") or "(?P" in pattern or pattern.startswith("^"):
        return None

    def value(match):
        if match["kind"] == "int" or match["name"] in ids:
            return str(ids.get(match["name"], 1))
        return "x%00y"

    return "/" + CONVERTER.sub(value, pattern)


def _query() -> str:
    return "&".join(f"{name}=a%00b" for name in QUERY_NAMES)


def _json_value(schema: dict, components: dict):
    if "$ref" in schema:
        return _json_value(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "allOf", "oneOf"):
        if key in schema:
            return _json_value(schema[key][0], components)
    kind = schema.get("type")
    if kind == "object":
        return {
            name: _json_value(prop, components)
            for name, prop in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [_json_value(schema.get("items", {}), components)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    return "x" + NUL + "y"


def probe(admin, ids) -> Counter:
    from wenlan.api.api import api

    statuses: Counter = Counter()
    failures: list[str] = []
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(admin)
    for client in (signed_in, anonymous):
        client.raise_request_exception = False

    def send(client, method, url, **kwargs):
        response = getattr(client, method)(url, **kwargs)
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url[:60]} {kwargs.get('data', '')!r:.60}")
        return response

    pages = []
    for pattern in sorted(set(_patterns())):
        path = _path(pattern, ids)
        if path is None:
            continue
        send(signed_in, "get", f"{path}?{_query()}")
        if "%00" not in path and not path.endswith("/"):
            continue
        if "%00" not in path:
            send(signed_in, "get", f"{path}x%00y/")
        if not path.startswith("/api/") and "%00" not in path:
            pages.append(path)

    for client in (signed_in, anonymous):
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(response.content.decode())
            for action, names in parser.forms:
                # A form with no field (sign out, cancel, erase) carries no NUL.
                data = {name: "x" + NUL + "y" for name in names if name != "csrfmiddlewaretoken"}
                if data:
                    send(client, "post", action or page, data=data)

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            url = re.sub(r"{(\w+)}", lambda m: str(ids.get(m[1], "x%00y")), path.removeprefix("/"))
            send(
                signed_in,
                method,
                "/" + url.removeprefix("/"),
                data=json.dumps(_json_value(body["schema"], components)),
                content_type="application/json",
                HTTP_X_API_KEY=ids["api_key"],
            )
    return statuses, failures


def test_nul_bytes_never_give_a_server_error(world):
    admin, ids = world
    statuses, failures = probe(admin, ids)
    print("NUL probe status counts:", dict(sorted(statuses.items())))
    print("\n".join(failures))
    assert sum(statuses.values()) > 100
    assert "\n".join(failures) == ""


def test_a_nul_in_a_query_is_refused_with_a_clear_message(client):
    response = client.get("/catalog/?q=%E6%B4%BB%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The request contains a character that is not allowed" in response.text


def test_a_nul_in_an_api_json_body_is_refused_as_a_problem(client, world):
    _admin, ids = world
    response = client.post(
        "/api/circulation/checkin",
        data='{"library_id": 1, "barcode": "B\\u00001"}',
        content_type="application/json",
        HTTP_X_API_KEY=ids["api_key"],
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_character"
