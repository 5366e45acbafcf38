import datetime as dt
import json

import pytest

from conftest import login
from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.models import Loan
from wenlan.circulation.tests.factories import HoldFactory, LoanFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory, ecard_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def west(db):
    return LibraryFactory(code="WEST", name_zh="西湖馆")


def post(client, path, body):
    return client.post(f"/api/circulation{path}", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.NETWORK_ADMIN, 200),
        (Role.BRANCH_LIBRARIAN, 200),
        (Role.CATALOGUER, 403),
        (Role.EVENT_ORGANISER, 403),
        (Role.VOLUNTEER_COORDINATOR, 403),
        (Role.REFERENCE_LIBRARIAN, 403),
        (Role.THINKTANK_EDITOR, 403),
        (Role.RANKING_EXPERT, 403),
        (Role.ASSESSMENT_OFFICER, 403),
        (None, 401),
    ],
)
def test_checkout_by_role(client, frozen, west, role, status):
    if role is not None:
        needs_library = role in LIBRARY_SCOPED_ROLES
        partner = None
        if role in PARTNER_SCOPED_ROLES:
            from wenlan.network.tests.factories import PartnerFactory

            partner = PartnerFactory()
        login(
            client, staff_with_role(role, library=west if needs_library else None, partner=partner)
        )
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    response = post(
        client,
        "/checkout",
        {"library_id": west.pk, "card_number": reader.card_number, "barcode": item.barcode},
    )
    assert response.status_code == status
    assert Loan.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        assert response.json()["due_on"] == "2026-12-25"


def test_a_reader_cannot_use_the_desk(client, frozen, west):
    reader = ReaderFactory(home_library=west)
    login(client, reader.user)
    item = ItemFactory(library=west)
    response = post(
        client,
        "/checkout",
        {"library_id": west.pk, "card_number": reader.card_number, "barcode": item.barcode},
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Loan.objects.exists()


def test_checkin_tells_the_transit(client, frozen, west):
    east = LibraryFactory(code="EAST")
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    loan = LoanFactory(item__library=east)
    response = post(client, "/checkin", {"library_id": west.pk, "barcode": loan.item.barcode})
    body = response.json()
    assert (body["outcome"], body["changed"], body["transit"]["to_library"]) == (
        "transit",
        True,
        "EAST",
    )


def test_refusal_is_problem_json(client, frozen, west):
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    reader = ReaderFactory(
        home_library=west, expiry_date=dt.date(2026, 1, 1), registered_on=dt.date(2025, 1, 1)
    )
    item = ItemFactory(library=west)
    response = post(
        client,
        "/checkout",
        {"library_id": west.pk, "card_number": reader.card_number, "barcode": item.barcode},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "reader_blocked"


def test_my_loans_and_holds(client, frozen, west, django_assert_num_queries):
    reader = ReaderFactory(home_library=west)
    for _ in range(3):
        LoanFactory(reader=reader, item__library=west)
        HoldFactory(reader=reader, pickup_library=west)
    login(client, reader.user)
    with django_assert_num_queries(3):  # session, user with reader, loans
        loans = client.get("/api/circulation/me/loans")
    assert len(loans.json()) == 3
    with django_assert_num_queries(3):
        holds = client.get("/api/circulation/me/holds")
    assert [h["position"] for h in holds.json()] == [1, 1, 1]


def test_place_and_cancel_a_hold(client, frozen, west):
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    login(client, reader.user)
    placed = post(client, "/me/holds", {"record_id": item.record_id, "pickup_library_id": west.pk})
    assert placed.status_code == 201
    hold_id = placed.json()["id"]
    assert client.delete(f"/api/circulation/me/holds/{hold_id}").status_code == 204
    assert client.get("/api/circulation/me/holds").json() == []


def test_reader_at_the_desk_is_audited(client, frozen, west, django_assert_max_num_queries):
    from wenlan.core.models import AuditEntry

    reader = ReaderFactory(home_library=west)
    LoanFactory(reader=reader, item__library=west)
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory()))
    # A librarian of another library serves this reader at their own desk.
    desk_library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=desk_library))
    response = client.get(
        f"/api/circulation/readers/{reader.card_number}?library_id={desk_library.pk}"
    )
    assert response.status_code == 200
    assert len(response.json()["loans"]) == 1
    assert AuditEntry.objects.filter(subject_id=str(reader.pk), action="read").count() == 1


def test_checkout_through_the_api_takes_anecard_token(client, frozen, west):
    reader = ReaderFactory(home_library=west, card_number="HZ12345678")
    item = ItemFactory(library=west)
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=west))
    expired = ecard_token(reader, seconds_ago=61)
    refused = post(
        client,
        "/checkout",
        {"library_id": west.pk, "card_number": expired, "barcode": item.barcode},
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "ecard_expired")
    assert not Loan.objects.exists()
    response = post(
        client,
        "/checkout",
        {"library_id": west.pk, "card_number": ecard_token(reader), "barcode": item.barcode},
    )
    assert response.status_code == 200
    assert Loan.objects.get().reader_id == reader.pk
    desk = client.get(f"/api/circulation/readers/{ecard_token(reader)}", {"library_id": west.pk})
    assert desk.json()["card_number"] == "HZ12345678"
