import datetime as dt

import pytest

from wenlan.accounts.enums import PARTNER_SCOPED_ROLES, Perm, Role
from wenlan.accounts.services import apikey_create
from wenlan.accounts.tests.factories import StaffFactory, staff_with_role
from wenlan.core import clock
from wenlan.core.models import AuditEntry
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory
from wenlan.patrons.selectors import card_number_resolve
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_libraries():
    a, b = LibraryFactory(code="A"), LibraryFactory(code="B")
    return (
        a,
        b,
        ReaderFactory(home_library=a, card_number="AAA000001"),
        ReaderFactory(home_library=b, card_number="BBB000001"),
    )


ROLE_CASES = [
    (Role.NETWORK_ADMIN, {"AAA000001", "BBB000001"}),
    (Role.BRANCH_LIBRARIAN, {"AAA000001"}),
    (Role.CATALOGUER, None),
    (Role.EVENT_ORGANISER, None),
    (Role.VOLUNTEER_COORDINATOR, None),
    (Role.REFERENCE_LIBRARIAN, None),
    (Role.THINKTANK_EDITOR, None),
    (Role.RANKING_EXPERT, None),
    (Role.ASSESSMENT_OFFICER, None),
]


@pytest.mark.parametrize(("role", "visible"), ROLE_CASES)
def test_reader_list_with_each_role(client, two_libraries, role, visible):
    library_a, *_ = two_libraries
    scope = {"library": library_a} if role in {Role.BRANCH_LIBRARIAN, Role.CATALOGUER} else {}
    if role in PARTNER_SCOPED_ROLES:
        scope = {"partner": PartnerFactory()}
    client.force_login(staff_with_role(role, **scope))
    response = client.get("/api/patrons/readers")
    if visible is None:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert AuditEntry.objects.count() == 0
    else:
        assert response.status_code == 200
        assert {r["card_number"] for r in response.json()} == visible
        assert AuditEntry.objects.count() == len(visible)


def test_reader_detail_outside_scope_is_403_and_unaudited(client, two_libraries):
    library_a, _, _, reader_b = two_libraries
    client.force_login(staff_with_role(Role.BRANCH_LIBRARIAN, library=library_a))
    response = client.get(f"/api/patrons/readers/{reader_b.pk}")
    assert response.status_code == 403
    assert AuditEntry.objects.count() == 0
    assert client.get("/api/patrons/readers/999999").status_code == 404


def test_anonymous_gets_401_json(client):
    for url in ("/api/patrons/me", "/api/patrons/readers", "/api/patrons/readers/1"):
        response = client.get(url)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "not_authenticated"


def test_reader_sees_own_record_and_changes_privacy(client):
    reader = ReaderFactory(card_number="HZ00000001")
    client.force_login(reader.user)
    assert client.get("/api/patrons/me").json()["card_number"] == "HZ00000001"
    response = client.patch(
        "/api/patrons/me/privacy", {"keep_reading_history": True}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["keep_reading_history"] is True
    assert client.get("/api/patrons/me/export").json()["reader"]["card_number"] == "HZ00000001"
    assert client.get("/api/patrons/readers").status_code == 403


def test_api_key_scopes_limit_what_the_key_may_do(client, two_libraries):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    _, narrow = apikey_create(user=admin, name="narrow", scopes=[Perm.LIBRARY_VIEW])
    _, wide = apikey_create(user=admin, name="wide", scopes=[Perm.READER_VIEW])
    assert client.get("/api/patrons/readers", HTTP_X_API_KEY=narrow).status_code == 403
    assert len(client.get("/api/patrons/readers", HTTP_X_API_KEY=wide).json()) == 2
    assert client.get("/api/patrons/readers", HTTP_X_API_KEY="wl_bad_key").status_code == 401


def test_staff_without_reader_record_has_no_me(client):
    client.force_login(StaffFactory())
    assert client.get("/api/patrons/me").status_code == 404


def test_staff_erase_through_the_api_is_refused_with_the_reasons_then_done(client):
    import datetime

    from wenlan.circulation.models import Loan
    from wenlan.circulation.tests.factories import LoanFactory
    from wenlan.patrons.models import Reader

    reader = ReaderFactory(name="赵磊")
    loan = LoanFactory(
        reader=reader,
        item__barcode="B00000041",
        item__record__title="围城",
        item__due_on=datetime.date(2026, 12, 1),
    )
    admin = staff_with_role(Role.NETWORK_ADMIN)
    _, key = apikey_create(user=admin, name="desk", scopes=[Perm.READER_CHANGE])
    url = f"/api/patrons/readers/{reader.pk}/erase"

    response = client.post(url, HTTP_X_API_KEY=key, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "erasure_refused"
    assert response.json()["title"] == (
        "注销前请先归还借阅的图书并缴清罚款。 "
        "请先归还《围城》（条码 B00000041，应还日期 2026-12-01）。"
    )
    assert Reader.objects.get(pk=reader.pk).name == "赵磊"

    Loan.objects.filter(pk=loan.pk).update(returned_at=loan.loaned_at)
    response = client.post(url, HTTP_X_API_KEY=key)
    assert response.status_code == 200
    assert response.json()["status"] == "erased"
    assert Reader.objects.get(pk=reader.pk).name == ""


def test_a_reader_gets_a_new_ecard_token_each_time(client, settings):
    settings.WENLAN_ECARD_SECONDS = 60
    reader = ReaderFactory(card_number="HZ00000001")
    client.force_login(reader.user)
    at = dt.datetime(2026, 11, 25, 2, 0, 0, 250_000, tzinfo=dt.UTC)
    with clock.freeze(at):
        response = client.get("/api/patrons/me/ecard")
        assert card_number_resolve(presented=response.json()["token"]) == "HZ00000001"
    body = response.json()
    assert response["Cache-Control"] == "no-store"
    assert body["token"].startswith("WLE1.")
    assert (body["expires_at"], body["seconds_left"], body["refresh_before"]) == (
        "2026-11-25T02:01:00Z",
        59,
        15,
    )
    assert body["svg"].startswith("<svg")
    with clock.freeze(at + dt.timedelta(seconds=1)):
        assert client.get("/api/patrons/me/ecard").json()["token"] != body["token"]
    assert AuditEntry.objects.count() == 0


def test_no_ecard_token_for_a_suspended_card(client):
    reader = ReaderFactory(status="suspended", user__language="en")
    client.force_login(reader.user)
    response = client.get("/api/patrons/me/ecard")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert (response.json()["code"], response.json()["title"]) == (
        "card_not_active",
        "This library card is suspended.",
    )


def test_no_ecard_without_a_reader_card(client):
    assert client.get("/api/patrons/me/ecard").status_code == 401
    client.force_login(StaffFactory())
    assert client.get("/api/patrons/me/ecard").status_code == 404
