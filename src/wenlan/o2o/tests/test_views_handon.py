"""悦享 on the reader's pages and in the API."""

import json

import pytest
from django.urls import reverse

from wenlan.circulation.models import Loan
from wenlan.circulation.tests.factories import LoanFactory
from wenlan.o2o.models import HandOnOffer
from wenlan.o2o.services import handon as services
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def giver(frozen):
    return ReaderFactory(card_number="G0001")


@pytest.fixture
def loan(giver):
    return LoanFactory(reader=giver, item__record__title="围城")


@pytest.fixture
def receiver(giver):
    return ReaderFactory(card_number="R0002", home_library=giver.home_library)


def test_the_loans_page_has_a_hand_on_button_per_loan(client, giver, loan):
    client.force_login(giver.user)
    html = client.get(reverse("circulation:my_loans")).content.decode()
    assert reverse("o2o:handon_offer", args=[loan.pk]) in html
    assert reverse("o2o:handon_home") in html


def test_offer_page_makes_a_code_and_qr(client, giver, loan):
    client.force_login(giver.user)
    page = client.get(reverse("o2o:handon_offer", args=[loan.pk]))
    assert "转借《围城》" in page.content.decode()
    response = client.post(reverse("o2o:handon_offer", args=[loan.pk]), {"receiver_card": ""})
    offer = HandOnOffer.objects.get()
    assert response["Location"] == reverse("o2o:handon_detail", args=[offer.pk])
    html = client.get(response["Location"]).content.decode()
    assert offer.code in html and "<svg" in html
    assert f"/me/handon/accept/?code={offer.code}" in html


def test_offer_refused_shows_the_reason(client, giver, loan):
    client.force_login(giver.user)
    response = client.post(reverse("o2o:handon_offer", args=[loan.pk]), {"receiver_card": "NO"})
    assert "找不到该读者证或电子读者证。" in response.content.decode()
    assert not HandOnOffer.objects.exists()


def test_another_readers_loan_and_offer_are_not_found(client, giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    client.force_login(receiver.user)
    assert client.get(reverse("o2o:handon_offer", args=[loan.pk])).status_code == 404
    assert client.get(reverse("o2o:handon_detail", args=[offer.pk])).status_code == 404


def test_accepting_by_the_qr_link(client, giver, loan, receiver, django_assert_max_num_queries):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    client.force_login(receiver.user)
    page = client.get(reverse("o2o:handon_accept") + f"?code={offer.code}")
    assert "《围城》" in page.content.decode()
    response = client.post(reverse("o2o:handon_accept"), {"code": offer.code})
    assert response["Location"] == reverse("circulation:my_loans")
    assert Loan.objects.get(returned_at__isnull=True).reader_id == receiver.pk
    html = client.get(reverse("circulation:my_loans")).content.decode()
    assert "《围城》已转到您的名下，应还日期 2026-12-25。" in html
    with django_assert_max_num_queries(8):
        home = client.get(reverse("o2o:handon_home")).content.decode()
    assert "我接受的书" in home and "围城" in home
    # The giver's page: the offer is accepted; the receiver is never named.
    client.force_login(giver.user)
    html = client.get(reverse("o2o:handon_home")).content.decode()
    assert "已转借" in html and "R0002" not in html and receiver.name not in html


def test_a_wrong_code_is_told(client, receiver):
    client.force_login(receiver.user)
    page = client.get(reverse("o2o:handon_accept") + "?code=ZZZZ")
    assert "找不到这个转借码，请核对后重新输入。" in page.content.decode()
    page = client.post(reverse("o2o:handon_accept"), {"code": "ZZZZ"})
    assert "找不到这个转借码，请核对后重新输入。" in page.content.decode()


def test_named_offer_shows_to_the_receiver_who_declines(client, giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk, receiver_card="R0002")
    client.force_login(receiver.user)
    assert "转给我的书" in client.get(reverse("o2o:handon_home")).content.decode()
    client.post(reverse("o2o:handon_decline", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == "declined"


def test_withdraw_page_action(client, giver, loan):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    client.force_login(giver.user)
    client.post(reverse("o2o:handon_withdraw", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == "withdrawn"


def test_english_pages_show_no_chinese_interface_text(client, giver, receiver):
    from tests.test_english_pages import _Page

    for reader in (giver, receiver):
        reader.language = reader.user.language = "en"
        reader.save()
        reader.user.save()
    loan = LoanFactory(reader=giver, item__record__title="Fortress Besieged")
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    client.cookies["wenlan_language"] = "en"
    pages = {}
    client.force_login(giver.user)
    for url in (
        reverse("circulation:my_loans"),
        reverse("o2o:handon_offer", args=[loan.pk]),
        reverse("o2o:handon_detail", args=[offer.pk]),
        reverse("o2o:handon_home"),
    ):
        pages[url] = client.get(url).content.decode()
    client.force_login(receiver.user)
    url = reverse("o2o:handon_accept") + f"?code={offer.code}"
    pages[url] = client.get(url).content.decode()
    leaks = {}
    for url, html in pages.items():
        page = _Page(check_title=True)
        page.feed(html)
        if page.leaks:
            leaks[url] = page.leaks
    assert leaks == {}
    assert "Once you accept, the book is on loan to you" in pages[url]


def _api(client, method, path, body=None):
    return client.generic(
        method, f"/api/o2o{path}", json.dumps(body or {}), content_type="application/json"
    )


def test_api_offer_accept_list_and_withdraw(client, giver, loan, receiver):
    client.force_login(giver.user)
    made = _api(client, "POST", "/me/handon", {"loan_id": loan.pk})
    assert made.status_code == 201
    body = made.json()
    offer = HandOnOffer.objects.get()
    assert (body["code"], body["role"], body["status"], body["loan_id"]) == (
        offer.code, "giver", "open", loan.pk,
    )  # fmt: skip
    client.force_login(receiver.user)
    accepted = _api(client, "POST", "/me/handon/accept", {"code": offer.code})
    assert accepted.status_code == 200
    new = Loan.objects.get(returned_at__isnull=True)
    assert accepted.json() | {"created_at": None, "expires_at": None, "closed_at": None} == {
        "id": offer.pk, "role": "receiver", "code": None, "title": "围城",
        "record_id": loan.record_id, "status": "accepted", "named": False,
        "created_at": None, "expires_at": None, "closed_at": None,
        "loan_id": new.pk, "due_on": "2026-12-25",
    }  # fmt: skip
    again = _api(client, "POST", "/me/handon/accept", {"code": offer.code})
    assert (again.status_code, again.json()["code"]) == (409, "handon_closed")
    listed = _api(client, "GET", "/me/handon").json()
    assert ([o["id"] for o in listed["received"]], listed["given"]) == ([offer.pk], [])
    client.force_login(giver.user)
    withdrawn = _api(client, "POST", f"/me/handon/{offer.pk}/withdraw")
    assert (withdrawn.status_code, withdrawn.json()["code"]) == (409, "handon_closed")
