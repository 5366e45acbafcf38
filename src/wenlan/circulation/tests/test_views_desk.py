import datetime as dt
import re

import pytest
from django.urls import reverse

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.enums import HoldStatus
from wenlan.circulation.models import Loan
from wenlan.circulation.tests.factories import HoldFactory, LoanFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory, ecard_token

pytestmark = pytest.mark.django_db


def desk_post(name, library, *args):
    return reverse(f"circulation:{name}", args=args) + f"?library={library.code}"


def desk_url(library, **params):
    query = "&".join(f"{k}={v}" for k, v in {"library": library.code, **params}.items())
    return reverse("circulation:desk") + "?" + query


def test_desk_lends_to_a_scanned_card(client, frozen, west, librarian):
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    login(client, librarian)
    page = client.get(desk_url(west, card=reader.card_number))
    assert page.status_code == 200
    assert reader.name in page.content.decode()
    response = client.post(
        desk_post("desk_checkout", west),
        {"card": reader.card_number, "barcode": item.barcode},
        follow=True,
    )
    assert "已借出" in response.content.decode()
    assert Loan.objects.get().reader_id == reader.pk


def test_desk_shows_the_blocked_reason_and_lends_nothing(client, frozen, west, librarian):
    reader = ReaderFactory(
        home_library=west, expiry_date=dt.date(2026, 1, 1), registered_on=dt.date(2025, 1, 1)
    )
    item = ItemFactory(library=west)
    login(client, librarian)
    response = client.post(
        desk_post("desk_checkout", west),
        {"card": reader.card_number, "barcode": item.barcode},
        follow=True,
    )
    assert "读者证已于 2026-01-01 过期" in response.content.decode()
    assert not Loan.objects.exists()


def test_desk_return_answers_per_scan(client, frozen, west, librarian):
    east = LibraryFactory(code="EAST", name_zh="东城馆")
    item = ItemFactory(library=east, status=ItemStatus.AVAILABLE)
    login(client, librarian)
    response = client.post(desk_post("desk_checkin", west), {"barcode": item.barcode}, follow=True)
    body = response.content.decode()
    assert "运送至 东城馆" in body
    assert "打印运送单" in body


def test_desk_is_refused_to_staff_without_the_desk_permission(client, west):
    login(client, staff_with_role(Role.CATALOGUER, library=west))
    assert client.get(desk_url(west)).status_code == 403


def test_desk_page_query_count(client, frozen, west, librarian, django_assert_max_num_queries):
    reader = ReaderFactory(home_library=west)
    for _ in range(5):
        LoanFactory(reader=reader, item__library=west)
    login(client, librarian)
    client.get(desk_url(west, card=reader.card_number))
    with django_assert_max_num_queries(22):
        response = client.get(desk_url(west, card=reader.card_number))
    assert response.content.decode().count("续借</button>") == 5


def test_staff_cancel_a_readers_hold_at_the_desk(client, frozen, west, librarian):
    hold = HoldFactory(pickup_library=west)
    login(client, librarian)
    client.post(
        desk_post("desk_hold_cancel", west, hold.pk),
        {"card": hold.reader.card_number},
    )
    hold.refresh_from_db()
    assert hold.status == HoldStatus.CANCELLED


def test_transits_page_lists_incoming_and_outgoing(
    client, frozen, west, librarian, django_assert_num_queries
):
    from wenlan.circulation.models import Transit

    east = LibraryFactory(code="EAST")
    for _ in range(3):
        item = ItemFactory(library=west, status=ItemStatus.IN_TRANSIT)
        Transit.objects.create(
            item=item, from_library=east, to_library=west, reason="home", sent_at=frozen
        )
    outgoing = ItemFactory(library=east, status=ItemStatus.IN_TRANSIT)
    Transit.objects.create(
        item=outgoing, from_library=west, to_library=east, reason="home", sent_at=frozen
    )
    login(client, librarian)
    client.get(reverse("circulation:transit_list") + "?library=WEST")
    with django_assert_num_queries(10):  # the menu knows staff have no reader record
        page = client.get(reverse("circulation:transit_list") + "?library=WEST")
    assert len(page.context["incoming"]) == 3
    extra = ItemFactory(library=west, status=ItemStatus.IN_TRANSIT)
    Transit.objects.create(
        item=extra, from_library=east, to_library=west, reason="home", sent_at=frozen
    )
    with django_assert_num_queries(10):  # the same for one more
        client.get(reverse("circulation:transit_list") + "?library=WEST")
    assert [t.item_id for t in page.context["outgoing"]] == [outgoing.pk]
    slip = client.get(reverse("circulation:transit_slip", args=[page.context["outgoing"][0].pk]))
    assert "EAST" in slip.content.decode()


def _ids_and_autofocus(html: str) -> tuple[list[str], int]:
    import re

    return re.findall(r'\bid="([^"]+)"', html), len(re.findall(r"\bautofocus\b", html))


def test_after_a_checkout_the_cursor_is_in_the_item_barcode_field(client, frozen, west, librarian):
    import re

    reader = ReaderFactory(home_library=west, card_number="HZ12345678")
    item = ItemFactory(library=west, barcode="W0000001")
    login(client, librarian)
    response = client.post(
        desk_post("desk_checkout", west),
        {"card": reader.card_number, "barcode": item.barcode},
    )
    assert response.url == desk_url(west, card=reader.card_number)
    html = client.get(response.url).content.decode()
    ids, autofocus = _ids_and_autofocus(html)
    assert autofocus == 1
    assert re.search(r'<input[^>]* autofocus [^>]*id="lend-barcode">', html)
    assert 'id="lend-barcode"' in html and 'id="return-barcode"' in html
    assert len(ids) == len(set(ids))


def test_after_a_return_the_cursor_stays_in_the_return_field(client, frozen, west, librarian):
    import re

    login(client, librarian)
    response = client.post(desk_post("desk_checkin", west), {"barcode": "NOSUCH"})
    assert response.url == desk_url(west, scan="return")
    html = client.get(response.url).content.decode()
    assert _ids_and_autofocus(html)[1] == 1
    assert re.search(r'<input[^>]* autofocus [^>]*id="return-barcode">', html)


def test_checkout_and_return_receipts_mask_the_card(client, frozen, west, librarian):
    reader = ReaderFactory(home_library=west, card_number="HZ12345678")
    first = ItemFactory(library=west, barcode="W0000001", record__title="甲书")
    second = ItemFactory(library=west, barcode="W0000002", record__title="乙书")
    login(client, librarian)
    for item in (first, second):
        client.post(
            desk_post("desk_checkout", west),
            {"card": reader.card_number, "barcode": item.barcode},
        )
    url = reverse("circulation:desk_receipt", args=["loans"]) + "?library=WEST&card=HZ12345678"
    page = client.get(url).content.decode()
    html = page[page.index('<div class="receipt">') :]
    assert "HZ****5678" in html and "HZ12345678" not in html
    assert html.count("2026-12-25") == 2  # 30 days from 25 Nov
    assert "甲书" in html and "乙书" in html and "西湖馆" in html
    client.post(desk_post("desk_checkin", west), {"barcode": "W0000002"})
    returns = reverse("circulation:desk_receipt", args=["returns"]) + "?library=WEST&card="
    page = client.get(returns + "HZ12345678").content.decode()
    html = page[page.index('<div class="receipt">') :]
    assert "乙书" in html and "甲书" not in html and "HZ****5678" in html
    assert client.get(returns + "HZ00000000").status_code == 404


def test_each_desk_action_is_its_own_post_view(client, frozen, west, librarian):
    from wenlan.circulation.models import Block, Fine

    reader = ReaderFactory(home_library=west, card_number="HZ55555555")
    renewable, lost, damaged = (
        LoanFactory(reader=reader, item__library=west, item__barcode=f"W{n}") for n in range(3)
    )
    fine = Fine.objects.create(reader=reader, reason="逾期", amount="1.50", created_at=frozen)
    login(client, librarian)
    card = {"card": "HZ55555555"}
    back = desk_url(west, card="HZ55555555")
    assert client.get(desk_post("desk_renew", west, renewable.pk)).status_code == 405
    assert client.post(desk_post("desk_renew", west, renewable.pk), card).url == back
    assert client.post(desk_post("desk_lost", west), {**card, "barcode": "W1"}).url == back
    assert client.post(desk_post("desk_damaged", west), {**card, "barcode": "W2"}).url == back
    client.post(desk_post("desk_fine_settle", west, fine.pk), card)
    client.post(desk_post("desk_block_add", west, reader.pk), {**card, "reason": "证件待核"})
    block = Block.objects.get(reader=reader)
    assert (block.kind, block.reason, block.cleared_at) == ("manual", "证件待核", None)
    client.post(desk_post("desk_block_clear", west, block.pk), card)
    renewable.refresh_from_db()
    assert (renewable.renewals, renewable.due_on) == (1, dt.date(2026, 12, 31))
    assert Loan.objects.get(pk=lost.pk).lost_at == frozen
    assert Loan.objects.get(pk=damaged.pk).returned_at == frozen
    assert Item.objects.get(barcode="W2").status == ItemStatus.IN_PROCESSING
    fine.refresh_from_db()
    block.refresh_from_db()
    assert (fine.settled_at, block.cleared_at) == (frozen, frozen)


def test_a_reader_cannot_use_a_desk_action_on_their_own_loan(client, frozen, west):
    loan = LoanFactory(item__library=west)
    login(client, loan.reader.user)
    response = client.post(reverse("circulation:desk_renew", args=[loan.pk]) + "?library=WEST")
    assert response.status_code == 403
    loan.refresh_from_db()
    assert (loan.renewals, loan.due_on) == (0, dt.date(2026, 12, 1))


# --- the reader's e-card at the desk ---------------------------------------------------


def test_the_desk_opens_an_ecard_on_its_card_number_and_lends(client, frozen, west, librarian):
    """The scanned code leads to the card number, which outlives the code's minute."""
    reader = ReaderFactory(home_library=west, card_number="HZ12345678", name="白居易")
    item = ItemFactory(library=west, barcode="W0000001")
    login(client, librarian)
    token = ecard_token(reader)
    opened = client.get(desk_url(west, card=token))
    assert opened.status_code == 302 and opened.url == desk_url(west, card="HZ12345678")
    assert "白居易" in client.get(opened.url).content.decode()
    response = client.post(
        desk_post("desk_checkout", west), {"card": token, "barcode": item.barcode}, follow=True
    )
    assert "已借出" in response.content.decode()
    assert Loan.objects.get().reader_id == reader.pk


@pytest.mark.parametrize(
    ("seconds_ago", "status", "message"),
    [
        (61, "active", "电子读者证已过期，请刷新二维码后重新出示。"),
        (0, "suspended", "读者证已暂停使用。"),
    ],
)
def test_the_desk_says_why_an_ecard_is_refused_and_lends_nothing(
    client, frozen, west, librarian, seconds_ago, status, message
):
    reader = ReaderFactory(home_library=west)
    token = ecard_token(reader, seconds_ago=seconds_ago)
    Reader.objects.filter(pk=reader.pk).update(status=status)
    item = ItemFactory(library=west)
    login(client, librarian)
    page = client.get(desk_url(west, card=token))
    assert page.status_code == 200
    assert f'<p class="error" role="alert">{message}</p>' in page.content.decode()
    # An expired code leaves the field empty for the reader's new one.
    field = re.search(r'<input[^>]*id="card-card"[^>]*>', page.content.decode()).group()
    assert (f'value="{token}"' in field) is (status == "suspended")
    assert reader.name not in page.content.decode()
    response = client.post(
        desk_post("desk_checkout", west), {"card": token, "barcode": item.barcode}, follow=True
    )
    assert message in response.content.decode()
    assert not Loan.objects.exists()
    assert Item.objects.get(pk=item.pk).status == ItemStatus.AVAILABLE


def test_a_forged_ecard_is_refused_at_the_desk(client, frozen, west, librarian):
    reader = ReaderFactory(home_library=west)
    token = ecard_token(reader)
    login(client, librarian)
    page = client.get(desk_url(west, card=token[:-2] + "xx"))
    assert "电子读者证无效，请刷新二维码后重新出示。" in page.content.decode()
