import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.enums import ItemStatus
from wenlan.circulation.enums import HoldStatus, OverdueRule
from wenlan.circulation.models import Hold, Loan, Policy, ReadingHistoryEntry
from wenlan.circulation.services import loans
from wenlan.circulation.tests.factories import (
    HoldFactory,
    ItemFactory,
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
        desk_url(west),
        {"action": "checkout", "card": reader.card_number, "barcode": item.barcode},
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
        desk_url(west),
        {"action": "checkout", "card": reader.card_number, "barcode": item.barcode},
        follow=True,
    )
    assert "读者证已于 2026-01-01 过期" in response.content.decode()
    assert not Loan.objects.exists()


def test_desk_return_answers_per_scan(client, frozen, west, librarian):
    east = LibraryFactory(code="EAST", name_zh="东城馆")
    item = ItemFactory(library=east, status=ItemStatus.AVAILABLE)
    login(client, librarian)
    response = client.post(
        desk_url(west), {"action": "checkin", "barcode": item.barcode}, follow=True
    )
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

    with clock.freeze(NOW - dt.timedelta(days=20)):
        loans.loan_checkout(
            actor=admin, library_id=west.pk, barcode=item.barcode, card_number=reader.card_number
        )
    for _ in range(3):
        LoanFactory(reader=reader, item__library=west)
    login(client, reader.user)
    client.get(reverse("circulation:my_loans"))
    with django_assert_num_queries(10):  # the user comes with their reader (patrons.auth)
        page = client.get(reverse("circulation:my_loans"))
    assert page.content.decode().count("<tr") == 5
    loan = Loan.objects.get(item=item)
    response = client.post(reverse("circulation:my_loan_renew", args=[loan.pk]), follow=True)
    assert "续借成功，新的应还日期 2026-12-25" in response.content.decode()


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
        desk_url(west),
        {"action": "hold_cancel", "card": hold.reader.card_number, "hold_id": hold.pk},
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
