import json
from decimal import Decimal

import pytest

from wenlan.accounts.services import apikey_create
from wenlan.catalog.models import Item
from wenlan.circulation.models import Loan
from wenlan.o2o.models import BookstoreLoan
from wenlan.o2o.tests.conftest import KNOWN_ISBN, NEW_ISBN
from wenlan.o2o.tests.factories import BookstoreRuleFactory
from wenlan.patrons.tests.factories import ReaderFactory


def _key(user, scopes=("o2o.till",)):
    return apikey_create(user=user, name="till", scopes=scopes)[1]


def _post(client, key, path, body):
    return client.post(
        f"/api/o2o{path}", json.dumps(body), content_type="application/json", HTTP_X_API_KEY=key
    )


def _sale(yuedu, **changes):
    return {"card": yuedu.reader.card_number, "isbn": NEW_ISBN, "price": "45.00",
            "title": "三体", "author": "刘慈欣"} | changes  # fmt: skip


def test_the_till_step_answers_201_with_the_loan(client, yuedu, django_assert_max_num_queries):
    key = _key(yuedu.clerk)
    with django_assert_max_num_queries(40):
        response = _post(client, key, "/bookstore-loans", _sale(yuedu))
    assert response.status_code == 201
    body = response.json()
    line = BookstoreLoan.objects.get()
    assert body == {
        "id": line.loan_id,
        "line_id": line.pk,
        "record_id": line.record_id,
        "barcode": line.item.barcode,
        "isbn": NEW_ISBN,
        "title": "三体",
        "price": "45.00",
        "store": "BS1",
        "loaned_at": "2026-11-25T02:00:00Z",
        "due_on": "2026-12-25",
        "brief_record": True,
        "returned": False,
        "repeated": False,
    }


def test_a_double_scan_answers_200_with_the_same_loan(client, yuedu):
    key = _key(yuedu.clerk)
    first = _post(client, key, "/bookstore-loans", _sale(yuedu)).json()
    again = _post(client, key, "/bookstore-loans", _sale(yuedu, isbn="978-7-5442-9117-0"))
    assert again.status_code == 200
    assert again.json() == first | {"repeated": True}
    assert (Loan.objects.count(), BookstoreLoan.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    ("rule", "sale", "status", "code"),
    [
        ({"price_cap": Decimal("30.00")}, {}, 409, "yuedu_price_cap"),
        ({"monthly_limit": 0}, {}, 409, "yuedu_monthly_limit"),
        ({}, {"year": 2010}, 409, "yuedu_too_old"),
        ({}, {"title": "考研英语词汇"}, 409, "yuedu_textbook"),
        ({"max_network_copies": 1}, {"isbn": KNOWN_ISBN}, 409, "yuedu_enough_copies"),
        ({"budget_per_month": Decimal("10.00")}, {}, 409, "yuedu_budget"),
        ({}, {"card": "NOBODY01"}, 404, "reader_not_found"),
        ({}, {"title": ""}, 422, "title_required"),
        ({}, {"isbn": "12345"}, 422, "invalid"),
    ],
)
def test_refusals_are_problems_naming_the_rule(client, yuedu, rule, sale, status, code):
    from wenlan.catalog.tests.factories import ItemFactory

    BookstoreRuleFactory(**rule)
    ItemFactory(record=yuedu.known_record, library=yuedu.central)
    items = Item.objects.count()
    response = _post(client, _key(yuedu.clerk), "/bookstore-loans", _sale(yuedu, **sale))
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert (Loan.objects.count(), Item.objects.count()) == (0, items)


def test_refusals_speak_the_requests_language(client, yuedu):
    BookstoreRuleFactory(price_cap=Decimal("30.00"))
    response = client.post(
        "/api/o2o/bookstore-loans",
        json.dumps(_sale(yuedu)),
        content_type="application/json",
        HTTP_X_API_KEY=_key(yuedu.clerk),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["title"] == "The price, 45.00 yuan, is over the cap of 30.00 yuan."


def test_a_key_without_the_till_scope_is_refused(client, yuedu):
    response = _post(
        client, _key(yuedu.clerk, scopes=("library.view",)), "/bookstore-loans", _sale(yuedu)
    )
    assert response.status_code == 403


def test_a_clerk_cannot_lend_at_another_store(client, yuedu):
    response = _post(client, _key(yuedu.clerk), "/bookstore-loans", _sale(yuedu, store="BS2"))
    assert response.status_code == 403
    assert not Loan.objects.exists()


def test_the_store_lists_its_loans_and_sees_one(client, yuedu):
    key = _key(yuedu.clerk)
    _post(client, key, "/bookstore-loans", _sale(yuedu))
    _post(client, key, "/bookstore-loans", _sale(yuedu, isbn=KNOWN_ISBN))
    other_reader = ReaderFactory(home_library=yuedu.central)
    sale = _sale(yuedu, card=other_reader.card_number)
    assert _post(client, _key(yuedu.other_clerk), "/bookstore-loans", sale).status_code == 201
    response = client.get("/api/o2o/bookstore-loans", HTTP_X_API_KEY=key)
    assert [line["isbn"] for line in response.json()] == [KNOWN_ISBN, NEW_ISBN]
    line_id = response.json()[0]["line_id"]
    assert client.get(f"/api/o2o/bookstore-loans/{line_id}", HTTP_X_API_KEY=key).status_code == 200
    other = BookstoreLoan.objects.get(bookstore=yuedu.other_store).pk
    assert client.get(f"/api/o2o/bookstore-loans/{other}", HTTP_X_API_KEY=key).status_code == 404
    assert (
        client.get("/api/o2o/bookstore-loans?period=2026-13", HTTP_X_API_KEY=key).status_code == 422
    )


def test_a_copy_returned_through_the_till(client, yuedu):
    key = _key(yuedu.clerk)
    barcode = _post(client, key, "/bookstore-loans", _sale(yuedu)).json()["barcode"]
    response = _post(client, key, "/bookstore-returns", {"barcode": barcode})
    assert response.status_code == 200
    assert response.json()["outcome"] == "transit"
    assert Loan.objects.get().returned_at is not None
