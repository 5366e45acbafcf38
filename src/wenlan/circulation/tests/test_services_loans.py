import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import (
    BlockKind,
    CheckinOutcome,
    HoldStatus,
    LogEntryKind,
    OverdueRule,
    TransitReason,
)
from wenlan.circulation.errors import (
    AlreadyOnLoanError,
    ItemNotLoanableError,
    ItemOnHoldError,
    LoanLimitError,
    ReaderBlockedError,
)
from wenlan.circulation.models import (
    Block,
    CirculationLogEntry,
    Fine,
    Hold,
    Loan,
    ReadingHistoryEntry,
    Transit,
)
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services import blocks as block_services
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.services import loans
from wenlan.circulation.services.log import analytics_secret
from wenlan.circulation.tests.conftest import NOW
from wenlan.circulation.tests.factories import HoldFactory, PolicyFactory, desk_staff
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.network.tests.factories import LibraryFactory, OpeningHoursFactory
from wenlan.notices.enums import NoticeKind
from wenlan.notices.models import Notice
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def east(db):
    return LibraryFactory(code="EAST", name_zh="东城馆")


def checkout(admin, library, item, reader):
    return loans.loan_checkout(
        actor=admin, library_id=library.pk, barcode=item.barcode, card_number=reader.card_number
    )


def checkin(admin, library, item):
    return loans.loan_checkin(actor=admin, library_id=library.pk, barcode=item.barcode)


def test_checkout_lends_for_the_policy_period_skipping_closed_days(frozen, admin, west):
    # West opens Tuesday to Sunday; 30 days from Wednesday 25 Nov is Friday 25 Dec.
    for weekday in range(1, 7):
        OpeningHoursFactory(library=west, weekday=weekday)
    PolicyFactory(loan_days=26)  # Monday 21 Dec → Tuesday 22 Dec
    item = ItemFactory(library=west)
    reader = ReaderFactory(home_library=west)
    result = checkout(admin, west, item, reader)
    item.refresh_from_db()
    assert result.loan.due_on == dt.date(2026, 12, 22)
    assert (item.status, item.due_on, item.location_id) == (
        ItemStatus.ON_LOAN,
        dt.date(2026, 12, 22),
        west.pk,
    )
    event = CirculationLogEntry.objects.get()
    assert (event.kind, event.item_id, event.record_id, event.library_id, event.channel) == (
        LogEntryKind.CHECKOUT,
        item.pk,
        item.record_id,
        west.pk,
        "desk",
    )
    assert event.reader_pseudonym == reader_pseudonym(
        secret=analytics_secret(), reader_id=reader.pk
    )


def test_a_reader_who_declined_analytics_is_not_in_the_event_log(frozen, admin, west):
    reader = ReaderFactory(home_library=west, allow_analytics=False)
    checkout(admin, west, ItemFactory(library=west), reader)
    assert CirculationLogEntry.objects.get().reader_pseudonym == ""


def test_an_expired_card_is_refused_with_the_reason_and_nothing_changes(frozen, admin, west):
    item = ItemFactory(library=west)
    reader = ReaderFactory(home_library=west, expiry_date=dt.date(2026, 11, 1))
    with pytest.raises(ReaderBlockedError) as refused:
        checkout(admin, west, item, reader)
    assert str(refused.value) == "该读者暂不能借书：读者证已于 2026-11-01 过期。"
    assert [r.kind for r in refused.value.reasons] == [BlockKind.CARD_EXPIRED]
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE
    assert not Loan.objects.exists() and not CirculationLogEntry.objects.exists()


def test_an_overdue_loan_blocks_further_borrowing(frozen, admin, west):
    reader = ReaderFactory(home_library=west)
    first = ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=40)):
        checkout(admin, west, first, reader)
    with pytest.raises(ReaderBlockedError, match="有 1 册图书逾期未还"):
        checkout(admin, west, ItemFactory(library=west), reader)
    assert Loan.objects.count() == 1


def test_the_loan_limit_counts_loans_of_the_rule_item_type(frozen, admin, west):
    PolicyFactory(item_type=ItemType.AUDIOVISUAL, max_loans=1)
    reader = ReaderFactory(home_library=west)
    checkout(admin, west, ItemFactory(library=west, item_type=ItemType.AUDIOVISUAL), reader)
    checkout(admin, west, ItemFactory(library=west), reader)  # books are not counted
    second_dvd = ItemFactory(library=west, item_type=ItemType.AUDIOVISUAL)
    with pytest.raises(LoanLimitError, match="已借 1 册，达到上限 1 册"):
        checkout(admin, west, second_dvd, reader)
    second_dvd.refresh_from_db()
    assert second_dvd.status == ItemStatus.AVAILABLE
    assert Loan.objects.count() == 2


def test_reference_copies_do_not_leave_the_library(frozen, admin, west):
    PolicyFactory(item_type=ItemType.REFERENCE, loanable=False)
    item = ItemFactory(library=west, item_type=ItemType.REFERENCE)
    with pytest.raises(ItemNotLoanableError):
        checkout(admin, west, item, ReaderFactory(home_library=west))
    assert not Loan.objects.exists()


def test_a_copy_on_loan_cannot_be_lent_again(frozen, admin, west):
    item = ItemFactory(library=west)
    checkout(admin, west, item, ReaderFactory(home_library=west))
    with pytest.raises(AlreadyOnLoanError):
        checkout(admin, west, item, ReaderFactory(home_library=west))
    assert Loan.objects.count() == 1


def test_a_librarian_lends_only_at_their_own_library(frozen, west, east):
    librarian = desk_staff(west)
    item = ItemFactory(library=east)
    with pytest.raises(PermissionDeniedError):
        loans.loan_checkout(
            actor=librarian,
            library_id=east.pk,
            barcode=item.barcode,
            card_number=ReaderFactory().card_number,
        )
    assert not Loan.objects.exists()
    result = loans.loan_checkout(
        actor=librarian,
        library_id=west.pk,
        barcode=item.barcode,
        card_number=ReaderFactory().card_number,
    )
    assert result.loan.library_id == west.pk


def test_return_at_home_goes_back_on_the_shelf_and_a_second_scan_is_a_no_op(frozen, admin, west):
    item = ItemFactory(library=west)
    checkout(admin, west, item, ReaderFactory(home_library=west))
    first = checkin(admin, west, item)
    assert (first.outcome, first.message, first.changed) == (CheckinOutcome.SHELVE, "上架", True)
    events = CirculationLogEntry.objects.count()
    second = checkin(admin, west, item)
    assert (second.outcome, second.changed) == (CheckinOutcome.NOTHING, False)
    assert CirculationLogEntry.objects.count() == events
    item.refresh_from_db()
    assert (item.status, item.due_on) == (ItemStatus.AVAILABLE, None)


def test_return_elsewhere_sends_the_copy_home(frozen, admin, west, east):
    item = ItemFactory(library=west)
    checkout(admin, west, item, ReaderFactory(home_library=west))
    result = checkin(admin, east, item)
    assert (result.outcome, result.message) == (CheckinOutcome.TRANSIT, "运送至 西湖馆")
    transit = Transit.objects.get()
    assert (transit.from_library_id, transit.to_library_id, transit.reason) == (
        east.pk,
        west.pk,
        TransitReason.HOME,
    )
    again = checkin(admin, east, item)  # scanned twice at the sending desk
    assert (again.outcome, again.changed, again.message) == (
        CheckinOutcome.NOTHING,
        False,
        "已在运送中，目的馆：西湖馆",
    )
    arrived = checkin(admin, west, item)
    assert arrived.outcome == CheckinOutcome.SHELVE
    transit.refresh_from_db()
    assert transit.received_at == NOW
    item.refresh_from_db()
    assert (item.status, item.location_id) == (ItemStatus.AVAILABLE, west.pk)


def test_late_return_suspends_the_reader_for_the_days_late(frozen, admin, west):
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=34)):
        checkout(admin, west, item, reader)  # due 30 days later: 4 days late now
    result = checkin(admin, west, item)
    assert (result.days_late, result.suspended_until) == (4, dt.date(2026, 11, 29))
    block = Block.objects.get(reader=reader)
    assert (block.kind, block.until) == (BlockKind.SUSPENSION, dt.date(2026, 11, 29))
    with pytest.raises(ReaderBlockedError, match="逾期停借至 2026-11-29"):
        checkout(admin, west, ItemFactory(library=west), reader)


def test_late_return_under_a_fine_rule_owes_a_capped_fine(frozen, admin, west):
    PolicyFactory(
        overdue_rule=OverdueRule.FINE, fine_per_day=Decimal("0.50"), fine_cap=Decimal("3.00")
    )
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=40)):
        checkout(admin, west, item, reader)
    result = checkin(admin, west, item)
    assert result.fine == Decimal("3.00")
    assert Fine.objects.get().amount == Decimal("3.00")
    assert not Block.objects.exists()


def test_reading_history_is_kept_only_for_readers_who_opted_in(frozen, admin, west):
    keeper = ReaderFactory(home_library=west, keep_reading_history=True)
    other = ReaderFactory(home_library=west)
    a, b = ItemFactory(library=west), ItemFactory(library=west)
    checkout(admin, west, a, keeper)
    checkout(admin, west, b, other)
    checkin(admin, west, a)
    checkin(admin, west, b)
    entry = ReadingHistoryEntry.objects.get()
    assert (entry.reader_id, entry.record_id, entry.returned_on) == (
        keeper.pk,
        a.record_id,
        dt.date(2026, 11, 25),
    )


def test_lost_copy_ends_the_loan_and_owes_its_price(frozen, admin, west):
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west, price=Decimal("45.00"))
    checkout(admin, west, item, reader)
    loan = loans.loan_mark_lost(actor=admin, library_id=west.pk, barcode=item.barcode)
    item.refresh_from_db()
    assert (loan.lost_at, loan.returned_at, item.status) == (NOW, NOW, ItemStatus.LOST)
    assert Fine.objects.get().amount == Decimal("45.00")


def test_damaged_copy_on_the_hold_shelf_goes_to_repair_and_the_hold_waits_again(
    frozen, admin, west
):
    item = ItemFactory(library=west, status=ItemStatus.ON_HOLD_SHELF)
    hold = HoldFactory(
        record=item.record,
        pickup_library=west,
        status=HoldStatus.READY,
        item=item,
        expires_on=dt.date(2026, 12, 2),
    )
    loans.item_mark_damaged(actor=admin, library_id=west.pk, barcode=item.barcode)
    item.refresh_from_db()
    hold.refresh_from_db()
    assert item.status == ItemStatus.IN_PROCESSING
    assert (hold.status, hold.item_id) == (HoldStatus.WAITING, None)


def test_a_copy_kept_for_one_reader_is_refused_to_another(frozen, admin, west):
    item = ItemFactory(library=west, status=ItemStatus.ON_HOLD_SHELF)
    waiting = ReaderFactory(home_library=west)
    HoldFactory(
        record=item.record,
        reader=waiting,
        pickup_library=west,
        status=HoldStatus.READY,
        item=item,
        expires_on=dt.date(2026, 12, 2),
    )
    with pytest.raises(ItemOnHoldError):
        checkout(admin, west, item, ReaderFactory(home_library=west))
    result = checkout(admin, west, item, waiting)
    assert result.hold_fulfilled.status == HoldStatus.FULFILLED


def test_staff_block_and_clear(frozen, admin, west):
    reader = ReaderFactory(home_library=west)
    block = block_services.block_add(
        actor=admin, library_id=west.pk, reader_id=reader.pk, reason="证件待核实"
    )
    with pytest.raises(ReaderBlockedError, match="证件待核实"):
        checkout(admin, west, ItemFactory(library=west), reader)
    block_services.block_clear(actor=admin, library_id=west.pk, block_id=block.pk)
    assert checkout(admin, west, ItemFactory(library=west), reader).loan.reader_id == reader.pk


class TestHolds:
    def test_first_returned_copy_goes_to_the_first_in_line_at_the_pickup_library(
        self, frozen, admin, west, east, django_capture_on_commit_callbacks
    ):
        record = RecordFactory()
        item = ItemFactory(library=west, record=record)
        checkout(admin, west, item, ReaderFactory(home_library=west))
        first = ReaderFactory(home_library=east, email="first@example.org")
        second = ReaderFactory(home_library=west)
        hold_1 = hold_services.hold_place(
            actor=first.user, reader_id=first.pk, record_id=record.pk, pickup_library_id=east.pk
        )
        hold_2 = hold_services.hold_place(
            actor=second.user, reader_id=second.pk, record_id=record.pk, pickup_library_id=west.pk
        )
        result = checkin(admin, west, item)  # returned at west: in transit to east
        assert (result.outcome, result.message) == (CheckinOutcome.TRANSIT, "运送至 东城馆")
        hold_1.refresh_from_db()
        assert (hold_1.status, hold_1.item_id) == (HoldStatus.IN_TRANSIT, item.pk)
        with django_capture_on_commit_callbacks(execute=True):
            arrived = checkin(admin, east, item)
        assert arrived.outcome == CheckinOutcome.HOLD_SHELF
        assert arrived.message == f"放预约架：{first.card_number} {first.name}"
        hold_1.refresh_from_db()
        hold_2.refresh_from_db()
        assert (hold_1.status, hold_1.expires_on) == (HoldStatus.READY, dt.date(2026, 12, 2))
        assert hold_2.status == HoldStatus.WAITING
        notice = Notice.objects.get()
        assert (notice.kind, notice.reader_id) == (NoticeKind.HOLD_READY, first.pk)
        assert [m.subject for m in mail.outbox] == [f"预约到书：{record.title}"]

    def test_an_uncollected_copy_serves_the_next_in_line(self, frozen, admin, west):
        record = RecordFactory()
        item = ItemFactory(library=west, record=record, status=ItemStatus.ON_HOLD_SHELF)
        first = HoldFactory(
            record=record,
            pickup_library=west,
            status=HoldStatus.READY,
            item=item,
            expires_on=dt.date(2026, 11, 24),
        )
        second = HoldFactory(record=record, pickup_library=west)
        report = hold_services.circulation_scan()
        assert report.holds_expired == 1
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == HoldStatus.EXPIRED
        assert (second.status, second.item_id) == (HoldStatus.READY, item.pk)
        assert sorted(Notice.objects.values_list("kind", flat=True)) == [
            NoticeKind.HOLD_EXPIRED,
            NoticeKind.HOLD_READY,
        ]
        assert hold_services.circulation_scan().holds_expired == 0  # once

    def test_cancelling_a_ready_hold_puts_the_copy_back(self, frozen, admin, west):
        item = ItemFactory(library=west, status=ItemStatus.ON_HOLD_SHELF)
        hold = HoldFactory(
            record=item.record,
            pickup_library=west,
            status=HoldStatus.READY,
            item=item,
            expires_on=dt.date(2026, 12, 2),
        )
        hold_services.hold_cancel(actor=hold.reader.user, hold_id=hold.pk)
        item.refresh_from_db()
        hold.refresh_from_db()
        assert hold.status == HoldStatus.CANCELLED
        assert item.status == ItemStatus.AVAILABLE

    def test_a_second_hold_on_the_same_title_is_refused(self, frozen, west):
        reader = ReaderFactory(home_library=west)
        item = ItemFactory(library=west)
        hold_services.hold_place(
            actor=reader.user,
            reader_id=reader.pk,
            record_id=item.record_id,
            pickup_library_id=west.pk,
        )
        from wenlan.circulation.errors import HoldRefusedError

        with pytest.raises(HoldRefusedError, match="您已预约此书"):
            hold_services.hold_place(
                actor=reader.user,
                reader_id=reader.pk,
                record_id=item.record_id,
                pickup_library_id=west.pk,
            )
        assert Hold.objects.count() == 1

    def test_titles_without_holdable_copies_are_refused(self, frozen, west):
        from wenlan.circulation.errors import HoldRefusedError

        PolicyFactory(item_type=ItemType.RARE, loanable=False)
        item = ItemFactory(library=west, item_type=ItemType.RARE)
        reader = ReaderFactory(home_library=west)
        with pytest.raises(HoldRefusedError, match="此书没有可预约的馆藏"):
            hold_services.hold_place(
                actor=reader.user,
                reader_id=reader.pk,
                record_id=item.record_id,
                pickup_library_id=west.pk,
            )
        assert not Hold.objects.exists()


def test_due_soon_and_overdue_notices_are_sent_once(
    frozen, admin, west, django_capture_on_commit_callbacks
):
    reader = ReaderFactory(home_library=west, email="r@example.org")
    soon, late = ItemFactory(library=west), ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=28)):
        checkout(admin, west, soon, reader)  # due in 2 days
    with clock.freeze(NOW - dt.timedelta(days=33)):
        checkout(admin, west, late, reader)  # 3 days overdue
    with django_capture_on_commit_callbacks(execute=True):
        report = hold_services.circulation_scan()
    assert (report.due_soon, report.overdue) == (1, 1)
    assert sorted(m.subject for m in mail.outbox) == sorted(
        [f"即将到期：{soon.record.title}", f"已逾期：{late.record.title}"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = hold_services.circulation_scan()
    assert (again.due_soon, again.overdue) == (0, 0)
    assert len(mail.outbox) == 2


def test_a_withdrawn_copy_is_not_checked_back_into_circulation(frozen, admin, west):
    from wenlan.circulation.errors import ItemUnavailableError

    item = ItemFactory(library=west, status=ItemStatus.WITHDRAWN)
    with pytest.raises(ItemUnavailableError):
        checkin(admin, west, item)
    item.refresh_from_db()
    assert item.status == ItemStatus.WITHDRAWN
    assert not CirculationLogEntry.objects.exists()


def test_the_periodic_scan_command(frozen, admin, west):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("circulation-scan", stdout=out)
    assert out.getvalue().strip() == (
        "holds expired: 0, unfilled holds expired: 0, pulls moved: 0, due soon: 0, "
        "overdue: 0, borrow counts changed: 0"
    )


def test_the_scan_feeds_borrow_counts_to_the_catalog(frozen, admin, west):
    from wenlan.catalog.models import Record
    from wenlan.circulation.services.holds import circulation_scan

    first, second = ItemFactory(library=west), ItemFactory(library=west)
    readers = ReaderFactory.create_batch(2, home_library=west)
    for reader in readers:
        checkout(admin, west, first, reader)
        checkin(admin, west, first)
    checkout(admin, west, second, readers[0])
    assert circulation_scan().borrow_counts_changed == 2
    counts = dict(Record.objects.values_list("pk", "borrow_count"))
    assert (counts[first.record_id], counts[second.record_id]) == (2, 1)
    assert circulation_scan().borrow_counts_changed == 0
