import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.enums import HoldStatus
from wenlan.circulation.models import Hold, Loan, ReadingHistoryEntry
from wenlan.circulation.services import loans
from wenlan.circulation.tests.factories import HoldFactory, LoanFactory, network_admin
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


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
