"""The pull list: which library fetches a copy from its shelf for a hold, trapping
the scanned copy, copies not found, and holds left unfilled too long."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.models import Item
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import CheckinOutcome, HoldStatus, TransitReason
from wenlan.circulation.errors import ItemUnavailableError, PullNotListedError
from wenlan.circulation.models import Transit
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.services import pulls
from wenlan.circulation.tests.conftest import NOW
from wenlan.circulation.tests.factories import HoldFactory, PolicyFactory, desk_staff, network_admin
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.core.models import AuditEntry
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def _library(code, lat, lon):
    return LibraryFactory(
        code=code, name_zh=f"{code}馆", latitude=Decimal(str(lat)), longitude=Decimal(str(lon))
    )


@pytest.fixture
def town(db):
    """West Lake in the middle, North 5 km away, East 20 km away."""
    return {
        "west": _library("WEST", 30.2500, 120.1500),
        "north": _library("NORTH", 30.2950, 120.1500),
        "east": _library("EAST", 30.2500, 120.3570),
    }


def place(reader, record, pickup):
    return hold_services.hold_place(
        actor=reader.user, reader_id=reader.pk, record_id=record.pk, pickup_library_id=pickup.pk
    )


def test_the_nearest_library_with_a_copy_on_its_shelf_pulls_it(frozen, town):
    record = RecordFactory()
    ItemFactory(record=record, library=town["east"])
    ItemFactory(record=record, library=town["north"])
    hold = place(ReaderFactory(home_library=town["west"]), record, town["west"])
    assert hold.pull_library_id == town["north"].pk


def test_the_pickup_library_pulls_its_own_copy_first(frozen, town):
    record = RecordFactory()
    ItemFactory(record=record, library=town["north"])
    ItemFactory(record=record, library=town["east"])
    hold = place(ReaderFactory(home_library=town["east"]), record, town["east"])
    assert hold.pull_library_id == town["east"].pk


def test_at_the_same_distance_the_least_busy_library_pulls(frozen, town):
    # Two branches in one building: the one with fewer pulls waiting gets it.
    twin_a = _library("TWINA", 30.2950, 120.1500)
    twin_b = _library("TWINB", 30.2950, 120.1500)
    busy_record = RecordFactory()
    ItemFactory(record=busy_record, library=twin_a)
    place(ReaderFactory(), busy_record, twin_a)
    record = RecordFactory()
    ItemFactory(record=record, library=twin_a)
    ItemFactory(record=record, library=twin_b)
    hold = place(ReaderFactory(), record, town["west"])
    assert hold.pull_library_id == twin_b.pk


def test_a_second_hold_does_not_claim_the_copy_the_first_one_pulls(frozen, town):
    record = RecordFactory()
    ItemFactory(record=record, library=town["north"])
    ItemFactory(record=record, library=town["east"])
    first = place(ReaderFactory(), record, town["west"])
    second = place(ReaderFactory(), record, town["west"])
    third = place(ReaderFactory(), record, town["west"])
    assert (first.pull_library_id, second.pull_library_id, third.pull_library_id) == (
        town["north"].pk,
        town["east"].pk,
        None,
    )


def test_copies_that_cannot_fill_a_hold_are_not_pulled(frozen, town):
    PolicyFactory(item_type=ItemType.REFERENCE, loanable=False)
    record = RecordFactory()
    ItemFactory(record=record, library=town["north"], item_type=ItemType.REFERENCE)
    ItemFactory(record=record, library=town["east"], status=ItemStatus.ON_LOAN, due_on=NOW.date())
    hold = place(ReaderFactory(), record, town["west"])
    assert hold.pull_library_id is None


def test_scanning_the_pulled_copy_sends_it_to_the_pickup_library(frozen, town):
    record = RecordFactory()
    copy = ItemFactory(record=record, library=town["north"], barcode="N0001")
    reader = ReaderFactory(home_library=town["west"])
    hold = place(reader, record, town["west"])
    result = pulls.pull_trap(
        actor=desk_staff(town["north"]), library_id=town["north"].pk, barcode=" N0001 "
    )
    assert result.route.outcome == CheckinOutcome.TRANSIT
    assert result.message == "运送至 WEST馆"
    hold.refresh_from_db()
    copy.refresh_from_db()
    assert (hold.status, hold.item_id, hold.pull_library_id) == (
        HoldStatus.IN_TRANSIT,
        copy.pk,
        None,
    )
    assert copy.status == ItemStatus.IN_TRANSIT
    transit = Transit.objects.get()
    assert (transit.from_library_id, transit.to_library_id, transit.reason, transit.hold_id) == (
        town["north"].pk,
        town["west"].pk,
        TransitReason.HOLD,
        hold.pk,
    )


def test_a_copy_pulled_at_the_pickup_library_goes_on_its_hold_shelf(frozen, town):
    record = RecordFactory()
    copy = ItemFactory(record=record, library=town["west"], barcode="W0001")
    hold = place(ReaderFactory(home_library=town["west"]), record, town["west"])
    result = pulls.pull_trap(
        actor=desk_staff(town["west"]), library_id=town["west"].pk, barcode="W0001"
    )
    assert result.route.outcome == CheckinOutcome.HOLD_SHELF
    hold.refresh_from_db()
    copy.refresh_from_db()
    assert (hold.status, hold.item_id, hold.expires_on) == (
        HoldStatus.READY,
        copy.pk,
        dt.date(2026, 12, 2),
    )
    assert copy.status == ItemStatus.ON_HOLD_SHELF


def test_the_pulled_copy_serves_the_hold_on_this_list_not_an_earlier_one(frozen, town):
    record = RecordFactory()
    ItemFactory(record=record, library=town["north"], barcode="N0001")
    east_copy = ItemFactory(record=record, library=town["east"], barcode="E0001")
    first = place(ReaderFactory(), record, town["north"])
    second = place(ReaderFactory(), record, town["east"])
    assert (first.pull_library_id, second.pull_library_id) == (town["north"].pk, town["east"].pk)
    pulls.pull_trap(actor=desk_staff(town["east"]), library_id=town["east"].pk, barcode="E0001")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.pull_library_id) == (HoldStatus.WAITING, town["north"].pk)
    assert (second.status, second.item_id) == (HoldStatus.READY, east_copy.pk)


def test_a_copy_not_on_the_pull_list_is_refused_and_nothing_changes(frozen, town):
    record = RecordFactory()
    ItemFactory(record=record, library=town["north"])
    ItemFactory(record=record, library=town["east"], barcode="E0001")
    hold = place(ReaderFactory(), record, town["west"])
    with pytest.raises(PullNotListedError):
        pulls.pull_trap(actor=desk_staff(town["east"]), library_id=town["east"].pk, barcode="E0001")
    hold.refresh_from_db()
    assert (hold.status, hold.item_id, hold.pull_library_id) == (
        HoldStatus.WAITING,
        None,
        town["north"].pk,
    )
    assert Item.objects.get(barcode="E0001").status == ItemStatus.AVAILABLE
    assert not Transit.objects.exists()


def test_another_librarys_staff_cannot_trap_from_this_list(frozen, town):
    record = RecordFactory()
    ItemFactory(record=record, library=town["north"], barcode="N0001")
    hold = place(ReaderFactory(), record, town["west"])
    with pytest.raises(PermissionDeniedError):
        pulls.pull_trap(
            actor=desk_staff(town["east"]), library_id=town["north"].pk, barcode="N0001"
        )
    hold.refresh_from_db()
    assert (hold.status, hold.pull_library_id) == (HoldStatus.WAITING, town["north"].pk)


def test_a_copy_not_found_is_missing_and_the_hold_moves_to_the_next_library(frozen, town):
    record = RecordFactory()
    lost = ItemFactory(record=record, library=town["north"])
    ItemFactory(record=record, library=town["east"])
    hold = place(ReaderFactory(), record, town["west"])
    staff = desk_staff(town["north"])
    pulls.pull_missing(actor=staff, library_id=town["north"].pk, item_id=lost.pk)
    lost.refresh_from_db()
    hold.refresh_from_db()
    assert lost.status == ItemStatus.MISSING
    assert hold.pull_library_id == town["east"].pk
    entry = AuditEntry.objects.get(subject_type="catalog.item")
    assert (entry.subject_id, entry.fields, entry.actor_id) == (str(lost.pk), ["status"], staff.pk)


def test_with_no_copy_left_on_a_shelf_the_hold_waits_for_a_return(frozen, town):
    record = RecordFactory()
    lost = ItemFactory(record=record, library=town["north"])
    hold = place(ReaderFactory(), record, town["west"])
    pulls.pull_missing(actor=network_admin(), library_id=town["north"].pk, item_id=lost.pk)
    hold.refresh_from_db()
    assert (hold.status, hold.pull_library_id) == (HoldStatus.WAITING, None)


def test_a_copy_already_lent_cannot_be_marked_missing(frozen, town):
    copy = ItemFactory(library=town["north"], status=ItemStatus.ON_LOAN, due_on=NOW.date())
    with pytest.raises(ItemUnavailableError):
        pulls.pull_missing(actor=network_admin(), library_id=town["north"].pk, item_id=copy.pk)
    copy.refresh_from_db()
    assert copy.status == ItemStatus.ON_LOAN


def test_cancelling_a_pulled_hold_gives_the_copy_to_the_next_in_line(frozen, town):
    record = RecordFactory()
    ItemFactory(record=record, library=town["north"])
    first = place(ReaderFactory(), record, town["west"])
    second = place(ReaderFactory(), record, town["west"])
    assert second.pull_library_id is None
    hold_services.hold_cancel(actor=first.reader.user, hold_id=first.pk)
    second.refresh_from_db()
    assert second.pull_library_id == town["north"].pk


def test_the_scan_puts_new_copies_to_work_and_expires_holds_waiting_too_long(
    frozen, town, settings
):
    settings.WENLAN_CIRC_HOLD_WAIT_DAYS = 30
    record = RecordFactory()
    with clock.freeze(NOW - dt.timedelta(days=31)):
        stale = HoldFactory(record=record, pickup_library=town["west"])
    fresh = HoldFactory(record=record, pickup_library=town["west"])
    ItemFactory(record=record, library=town["north"])  # catalogued after the holds
    out = StringIO()
    call_command("circulation-scan", stdout=out)
    # The expiry itself hands the title's copy on, so the refresh after it finds no work.
    assert out.getvalue().startswith(
        "holds expired: 0, unfilled holds expired: 1, pulls moved: 0, "
    )
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, stale.pull_library_id) == (HoldStatus.EXPIRED, None)
    assert stale.closed_at == NOW
    assert (fresh.status, fresh.pull_library_id) == (HoldStatus.WAITING, town["north"].pk)


def test_pull_list_page_by_shelf_location_with_its_actions(
    client, frozen, town, django_assert_num_queries
):
    from conftest import login

    for _ in range(3):  # more holds on another list cost nothing here
        place(ReaderFactory(), ItemFactory(library=town["east"]).record, town["west"])
    north = town["north"]
    late = RecordFactory(title="乙书")
    early = RecordFactory(title="甲书")
    ItemFactory(record=late, library=north, shelf_location="3F 社科", call_number="D6")
    ItemFactory(record=early, library=north, shelf_location="2F 文学", call_number="I247")
    place(ReaderFactory(), late, town["west"])
    place(ReaderFactory(), early, town["west"])
    staff = desk_staff(north)
    login(client, staff)
    url = reverse("circulation:pull_list") + "?library=NORTH"
    client.get(url)
    with django_assert_num_queries(10):
        page = client.get(url)
    html = page.content.decode()
    assert html.index("甲书") < html.index("乙书")
    assert html.count("架上未找到</button>") == 2


def test_the_refresh_moves_a_hold_whose_copy_left_the_shelf(frozen, town):
    record = RecordFactory()
    taken = ItemFactory(record=record, library=town["north"])
    ItemFactory(record=record, library=town["east"])
    hold = place(ReaderFactory(), record, town["west"])
    assert hold.pull_library_id == town["north"].pk
    Item.objects.filter(pk=taken.pk).update(status=ItemStatus.IN_PROCESSING)
    assert pulls.holds_pulls_refresh() == 1
    hold.refresh_from_db()
    assert hold.pull_library_id == town["east"].pk
    assert pulls.holds_pulls_refresh() == 0
