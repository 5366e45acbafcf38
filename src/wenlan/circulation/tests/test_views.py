import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.enums import HoldStatus, OverdueRule
from wenlan.circulation.models import Hold, Loan, Policy, ReadingHistoryEntry
from wenlan.circulation.services import loans
from wenlan.circulation.tests.factories import (
    HoldFactory,
    LoanFactory,
    PolicyFactory,
    network_admin,
)
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def west(db):
    return LibraryFactory(code="WEST", name_zh="西湖馆")


@pytest.fixture
def librarian(west):
    return staff_with_role(Role.BRANCH_LIBRARIAN, library=west)


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


def test_my_loans_with_online_renewal(client, frozen, west, django_assert_num_queries):
    admin = network_admin()
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    from wenlan.circulation.tests.conftest import NOW
    from wenlan.core import clock

    with clock.freeze(NOW - dt.timedelta(days=25)):
        loans.loan_checkout(
            actor=admin, library_id=west.pk, barcode=item.barcode, card_number=reader.card_number
        )
    for _ in range(3):
        LoanFactory(reader=reader, item__library=west)
    login(client, reader.user)
    client.get(reverse("circulation:my_loans"))
    # The user comes with their reader (patrons.auth); the titles awaited, the rules
    # and the calendar are read once for all loans (the last two are cached in use).
    with django_assert_num_queries(11):
        page = client.get(reverse("circulation:my_loans"))
    html = page.content.decode()
    assert html.count("<tr") == 5
    assert html.count("可续借时间：2026-11-23 至 2026-11-30") == 1
    assert html.count("续借后应还 2026-12-30") == 1
    assert html.count("可续借时间：2026-11-24 至 2026-12-01") == 3
    loan = Loan.objects.get(item=item)
    response = client.post(reverse("circulation:my_loan_renew", args=[loan.pk]), follow=True)
    assert "续借成功，新的应还日期 2026-12-30" in response.content.decode()


def test_my_holds_shows_the_queue_position_and_cancels(
    client, frozen, west, django_assert_num_queries
):
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    HoldFactory(record=item.record, pickup_library=west)
    mine = HoldFactory(record=item.record, reader=reader, pickup_library=west)
    for _ in range(3):
        HoldFactory(reader=reader, pickup_library=west)
    login(client, reader.user)
    client.get(reverse("circulation:my_holds"))
    with django_assert_num_queries(3):  # the user comes with their reader (patrons.auth)
        page = client.get(reverse("circulation:my_holds"))
    body = page.content.decode()
    assert "排队第 2 位" in body
    client.post(reverse("circulation:my_hold_cancel", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == HoldStatus.CANCELLED


def test_place_a_hold_with_the_home_library_first(client, frozen, west):
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    login(client, reader.user)
    page = client.get(reverse("circulation:my_hold_place", args=[item.record_id]))
    assert page.context["form"].initial == {"pickup_library": west.pk}
    client.post(
        reverse("circulation:my_hold_place", args=[item.record_id]), {"pickup_library": west.pk}
    )
    hold = Hold.objects.get()
    assert (hold.reader_id, hold.pickup_library_id) == (reader.pk, west.pk)


def test_reading_history_is_deletable(client, frozen, west):
    reader = ReaderFactory(home_library=west, keep_reading_history=True)
    item = ItemFactory(library=west)
    for _ in range(2):
        ReadingHistoryEntry.objects.create(
            reader=reader,
            record=item.record,
            loaned_on=dt.date(2026, 10, 1),
            returned_on=dt.date(2026, 10, 20),
        )
    other = ReadingHistoryEntry.objects.create(
        reader=ReaderFactory(),
        record=item.record,
        loaned_on=dt.date(2026, 10, 1),
        returned_on=dt.date(2026, 10, 20),
    )
    login(client, reader.user)
    first = ReadingHistoryEntry.objects.filter(reader=reader).first()
    client.post(reverse("circulation:my_history"), {"entry": other.pk})  # not mine: nothing
    client.post(reverse("circulation:my_history"), {"entry": first.pk})
    assert ReadingHistoryEntry.objects.filter(reader=reader).count() == 1
    client.post(reverse("circulation:my_history"))
    assert list(ReadingHistoryEntry.objects.all()) == [other]


def test_policy_table_saves_all_rows_at_once(client, west):
    admin = network_admin()
    existing = PolicyFactory(loan_days=30)
    login(client, admin)
    page = client.get(reverse("circulation:policy_table"))
    assert page.status_code == 200
    row = {
        "loanable": "on",
        "holds_allowed": "on",
        "max_loans": "10",
        "renewals": "1",
        "renewal_base": "due_date",
        "hold_shelf_days": "7",
        "max_overdue": "1",
        "fine_per_day": "0",
        "fine_cap": "0",
        "suspension_days_per_day": "1",
    }
    data = {
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "1",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
    }
    data.update({f"p-0-{k}": v for k, v in row.items()})
    data.update(
        {
            "p-0-id": existing.pk,
            "p-0-library": "",
            "p-0-reader_category": "",
            "p-0-item_type": "",
            "p-0-loan_days": "28",
            "p-0-overdue_rule": OverdueRule.SUSPENSION,
        }
    )
    data.update({f"p-1-{k}": v for k, v in row.items()})
    data.update(
        {
            "p-1-library": west.pk,
            "p-1-reader_category": "child",
            "p-1-item_type": "",
            "p-1-loan_days": "21",
            "p-1-overdue_rule": OverdueRule.FINE,
            "p-1-fine_per_day": "0.10",
        }
    )
    response = client.post(reverse("circulation:policy_table"), data)
    assert response.status_code == 302
    rows = Policy.objects.values_list("library_id", "reader_category", "loan_days")
    assert sorted(rows, key=lambda r: r[0] or 0) == [(None, "", 28), (west.pk, "child", 21)]


def test_a_branch_librarian_cannot_change_network_rules(client, west, librarian):
    existing = PolicyFactory(loan_days=30)
    from wenlan.circulation.services.blocks import PolicyRow, policy_table_save
    from wenlan.core.errors import PermissionDeniedError

    row = PolicyRow(
        id=existing.pk,
        library_id=None,
        reader_category="",
        item_type="",
        loanable=True,
        loan_days=5,
        max_loans=1,
        renewals=0,
        holds_allowed=True,
        hold_shelf_days=7,
        max_overdue=1,
        overdue_rule="suspension",
        fine_per_day=0,
        fine_cap=0,
        suspension_days_per_day=1,
    )
    with pytest.raises(PermissionDeniedError):
        policy_table_save(actor=librarian, rows=[row])
    existing.refresh_from_db()
    assert existing.loan_days == 30


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


# --- the desk: focus, ids, receipts -------------------------------------------------


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


# --- holds from the record page ------------------------------------------------------


def test_a_reader_places_a_hold_and_sees_its_place_in_the_queue(client, frozen, west):
    other = LibraryFactory(code="EAST", name_zh="东馆")
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=other, status=ItemStatus.ON_LOAN, due_on=dt.date(2026, 12, 1))
    HoldFactory(record=item.record, pickup_library=other)
    login(client, reader.user)
    record_page = client.get(reverse("catalog:record", args=[item.record_id])).content.decode()
    place_url = reverse("circulation:my_hold_place", args=[item.record_id])
    assert f'href="{place_url}"' in record_page
    form = client.get(place_url).content.decode()
    assert form.index("西湖馆") < form.index("东馆")  # home library first, and chosen
    assert f'<option value="{west.pk}" selected>' in form
    response = client.post(place_url, {"pickup_library": west.pk})
    hold = Hold.objects.get(reader=reader)
    assert response.url == reverse("circulation:my_hold_placed", args=[hold.pk])
    html = client.get(response.url).content.decode()
    assert "排队第 2 位" in html and "西湖馆" in html


def test_the_record_page_asks_a_visitor_to_log_in_to_hold(client, frozen, west):
    item = ItemFactory(library=west)
    record_url = reverse("catalog:record", args=[item.record_id])
    html = client.get(record_url).content.decode()
    assert f'href="{reverse("accounts:login")}?next={record_url}"' in html


def test_no_hold_button_for_a_title_with_no_holdable_copy(client, frozen, west):
    PolicyFactory(item_type="reference", loanable=False)
    item = ItemFactory(library=west, item_type="reference")
    html = client.get(reverse("catalog:record", args=[item.record_id])).content.decode()
    assert "登录后预约" not in html and 'id="hold-h"' not in html


def test_renew_all_from_the_loans_page(client, frozen, west):
    reader = ReaderFactory(home_library=west)
    LoanFactory(reader=reader, item__library=west, item__record__title="甲书")
    LoanFactory(
        reader=reader,
        item__library=west,
        item__record__title="乙书",
        item__due_on=dt.date(2026, 12, 20),
    )
    login(client, reader.user)
    html = client.post(reverse("circulation:my_loans_renew_all"), follow=True).content.decode()
    assert "《甲书》已续借，新的应还日期 2026-12-31。" in html
    assert "《乙书》未续借：2026-12-13 起才能续借。" in html
    assert sorted(Loan.objects.values_list("renewals", "due_on")) == [
        (0, dt.date(2026, 12, 20)),
        (1, dt.date(2026, 12, 31)),
    ]


# --- the rules page ------------------------------------------------------------------


def _policy_post(page_html: str) -> dict:
    """What a browser sends for the page's form, untouched."""
    import re

    data = {}
    inputs = r'<input type="(?:hidden|number|text)" name="([^"]+)" value="([^"]*)"'
    for name, value in re.findall(inputs, page_html):
        data[name] = value
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', page_html):
        data[name] = "on"
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page_html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        data[name] = chosen.group(1)
    return data


def test_the_untouched_blank_row_does_not_block_saving(client, west):
    existing = PolicyFactory(loan_days=30)
    login(client, network_admin())
    page = client.get(reverse("circulation:policy_table")).content.decode()
    data = _policy_post(page)
    assert data["p-TOTAL_FORMS"] == "2"
    data["p-0-loan_days"] = "21"
    response = client.post(reverse("circulation:policy_table"), data)
    assert response.status_code == 302
    assert list(Policy.objects.values_list("pk", "loan_days")) == [(existing.pk, 21)]


def test_a_branch_librarian_edits_only_their_librarys_rules(client, west, librarian):
    east = LibraryFactory(code="EAST", name_zh="东馆")
    network = PolicyFactory(loan_days=30)
    own = PolicyFactory(library=west, loan_days=20)
    PolicyFactory(library=east, loan_days=10)
    login(client, librarian)
    page = client.get(reverse("circulation:policy_table")).content.decode()
    data = _policy_post(page)
    assert data["p-TOTAL_FORMS"] == "2"  # their rule and the blank row
    assert data["p-0-id"] == str(own.pk) and data["p-0-library"] == str(west.pk)
    read_only = page[page.index("其他规则（只读）") :]
    assert "<td>全网</td>" in read_only and "<td>东馆</td>" in read_only
    assert '<option value="">全网</option>' not in page
    data["p-0-loan_days"] = "14"
    assert client.post(reverse("circulation:policy_table"), data).status_code == 302
    assert sorted(Policy.objects.values_list("library_id", "loan_days"), key=str) == sorted(
        [(None, 30), (west.pk, 14), (east.pk, 10)], key=str
    )
    network.refresh_from_db()
    assert network.loan_days == 30


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
