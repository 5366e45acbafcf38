import json
import xml.etree.ElementTree as ET

import pymarc
import pytest

from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    hz = LibraryFactory(code="HZ", name_zh="杭州图书馆", name_en="Hangzhou Public Library")
    sc = LibraryFactory(code="SC")
    hlm = record_create(
        title="红楼梦", author="曹雪芹", isbn="9787020002207", year=1982, control="a1"
    )
    st = record_create(title="三体", author="刘慈欣", isbn="9787536692930", year=2008, control="a2")
    ItemFactory(record=hlm, library=hz, barcode="HZ1")
    ItemFactory(
        record=hlm, library=sc, barcode="SC1", status=ItemStatus.ON_LOAN, due_on="2026-12-01"
    )
    ItemFactory(record=st, library=sc, barcode="SC2", status=ItemStatus.WITHDRAWN)
    index_rebuild(workers=1)
    return {"hz": hz, "sc": sc, "hlm": hlm, "st": st}


def test_search_returns_hits_total_and_facets(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = client.get("/api/catalog/search", {"q": "hlm"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1 and body["page"] == 1 and body["page_size"] == 20
    [hit] = body["hits"]
    assert hit == {
        "id": catalog["hlm"].pk,
        "url": f"/catalog/records/{catalog['hlm'].pk}/",
        "title": "红楼梦",
        "title_romanised": "",
        "authors": [{"name": "曹雪芹", "role": "author", "romanised": ""}],
        "publisher": "出版社",
        "year": 1982,
        "isbns": ["9787020002207"],
        "material_type": "book",
        "language": "chi",
        "copies": 2,
        "available": 1,
        "available_at": ["HZ"],
    }
    facets = {f["name"]: {b["key"]: b["count"] for b in f["buckets"]} for f in body["facets"]}
    assert facets["library"] == {"HZ": 1, "SC": 1}
    assert facets["available"] == {"yes": 1}


def test_search_filters_sort_and_paging(client, catalog):
    body = client.get(
        "/api/catalog/search", {"library": "SC", "sort": "newest", "page_size": 1}
    ).json()
    assert body["total"] == 1  # the withdrawn copy does not count as a holding
    body = client.get(
        "/api/catalog/search", {"sort": "newest", "page_size": 1, "page": 2, "facets": "false"}
    ).json()
    assert [h["title"] for h in body["hits"]] == ["红楼梦"] and body["facets"] == []
    body = client.get("/api/catalog/search", {"available": "true"}).json()
    assert [h["title"] for h in body["hits"]] == ["红楼梦"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"page": 0}, "invalid"),
        ({"page_size": 500}, "invalid"),
        ({"sort": "random"}, None),
        ({"year_from": "abc"}, None),
    ],
)
def test_bad_search_parameters_get_422(client, catalog, params, code):
    response = client.get("/api/catalog/search", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    if code:
        assert response.json()["code"] == code


def test_huge_and_odd_queries_are_answered(client, catalog):
    for q in ["中" * 500, '"((::', 'title:"', "%%%"]:
        response = client.get("/api/catalog/search", {"q": q})
        assert response.status_code == 200, q
    # A NUL byte is refused before the search (core.http_guards), as everywhere.
    response = client.get("/api/catalog/search", {"q": "\u0000"})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_character")


def test_a_query_over_its_bound_is_a_422_in_the_request_language(client, catalog):
    english = client.get(
        "/api/catalog/search", {"q": "中" * 501, "page_size": 0}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 422
    assert english["Content-Type"] == "application/problem+json"
    body = english.json()
    assert (body["code"], body["title"]) == ("invalid", "The input is not valid.")
    assert sorted((e["loc"][-1], e["msg"]) for e in body["detail"]) == [
        ("page_size", "Must not be less than 1."),
        ("q", "At most 500 characters."),
    ]
    chinese = client.get(
        "/api/catalog/search", {"q": "中" * 501, "page_size": 0}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert chinese.json()["title"] == "输入有误。"
    assert sorted((e["loc"][-1], e["msg"]) for e in chinese.json()["detail"]) == [
        ("page_size", "不能小于 1。"),
        ("q", "最多 500 个字符。"),
    ]


def test_record_with_its_copies(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(f"/api/catalog/records/{catalog['hlm'].pk}")
    body = response.json()
    assert body["title"] == "红楼梦" and body["isbns"] == ["9787020002207"]
    assert [(i["barcode"], i["library"], i["status"], i["due_on"]) for i in body["items"]] == [
        ("HZ1", "HZ", "available", None),
        ("SC1", "SC", "on_loan", "2026-12-01"),
    ]


def test_unknown_or_deleted_record_is_404(client, catalog):
    assert client.get("/api/catalog/records/999999").status_code == 404
    catalog["st"].is_deleted = True
    catalog["st"].save()
    assert client.get(f"/api/catalog/records/{catalog['st'].pk}").status_code == 404


def test_suggest(client, catalog):
    assert client.get("/api/catalog/suggest", {"q": "sant"}).json() == ["三体"]
    assert client.get("/api/catalog/suggest", {"q": "xyz"}).json() == []
    assert client.get("/api/catalog/suggest", {"q": "st"}).json() == ["三体"]


ROLES_THAT_EXPORT = {Role.NETWORK_ADMIN, Role.CATALOGUER}


@pytest.mark.parametrize("role", list(Role))
def test_export_needs_a_cataloguer(client, catalog, role):
    user = staff_with_role(
        role,
        library=catalog["hz"] if role in LIBRARY_SCOPED_ROLES else None,
        partner=None if role not in PARTNER_SCOPED_ROLES else _partner(),
    )
    client.force_login(user)
    response = client.get("/api/catalog/export", {"format": "csv"})
    assert response.status_code == (200 if role in ROLES_THAT_EXPORT else 403)


def _partner():
    from wenlan.network.tests.factories import PartnerFactory

    return PartnerFactory()


def test_export_anonymous_is_401(client, catalog):
    assert client.get("/api/catalog/export").status_code == 401


def test_export_formats(client, catalog):
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    xml = b"".join(client.get("/api/catalog/export", {"format": "marcxml"}).streaming_content)
    root = ET.fromstring(xml)
    assert len(root) == 2
    marc = b"".join(
        client.get("/api/catalog/export", {"format": "marc21", "q": "红楼梦"}).streaming_content
    )
    assert marc.count(b"\x1d") == 1 and "红楼梦".encode() in marc
    csv_text = b"".join(
        client.get("/api/catalog/export", {"format": "csv", "library": "SC"}).streaming_content
    ).decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("id,title") and len(lines) == 3
    assert "SC1" in csv_text and "HZ1" not in csv_text
    assert client.get("/api/catalog/export", {"format": "pdf"}).status_code == 422


def test_openapi_lists_the_catalog(client):
    schema = json.loads(client.get("/api/openapi.json").content)
    assert (
        "/api/catalog/search" in schema["paths"]
        and "/api/catalog/records/{record_id}" in schema["paths"]
    )


def test_repeated_filters_combine(client, catalog):
    body = client.get("/api/catalog/search?library=HZ&library=SC&language=chi&language=eng").json()
    assert body["total"] == 1
    selected = {
        b["key"]
        for f in body["facets"]
        if f["name"] == "library"
        for b in f["buckets"]
        if b["selected"]
    }
    assert selected == {"HZ", "SC"}


def test_export_of_an_unknown_library_is_a_404_before_streaming(client, catalog):
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    for fmt in ("marcxml", "marc21", "csv"):
        response = client.get("/api/catalog/export", {"format": fmt, "library": "NOWHERE"})
        assert response.status_code == 404
        assert not response.streaming
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "not_found"


def test_export_of_a_record_with_a_huge_field_has_a_right_leader(client, db):
    from wenlan.catalog.marc.writer import to_marcxml
    from wenlan.catalog.tests.factories import RecordFactory, marc21

    marc = marc21(title="长书", control="huge")
    marc.add_field(
        pymarc.Field(
            tag="505", indicators=["0", " "], subfields=[pymarc.Subfield("a", "注" * 5000)]
        )
    )
    RecordFactory(title="长书", marc=to_marcxml(marc))
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    data = b"".join(client.get("/api/catalog/export", {"format": "marc21"}).streaming_content)
    [record] = list(pymarc.MARCReader(data, to_unicode=True, force_utf8=True))
    assert int(data[:5]) == len(data)
    assert "".join(f["a"] for f in record.get_fields("505")) == "注" * 5000
    assert len(record.get_fields("505")) == 2
