"""A reader's limits under desks racing each other on PostgreSQL, with real
threads: every rule a service reads under a lock (loans open, of a type, renewals
of a loan, active holds) is read after the lock is held, so a desk that waited
counts what the desk before it wrote; returns by one reader extend one
suspension."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES, BlockKind, OverdueRule
from wenlan.circulation.models import Block, CirculationLogEntry, Hold, Loan
from wenlan.circulation.services import holds, loans, renewals
from wenlan.circulation.tests.factories import (
    HoldFactory,
    LoanFactory,
    PolicyFactory,
    network_admin,
)
from wenlan.core import clock
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = race_marks

# A Wednesday morning; the loans made below fall due a week later.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DUE = dt.date(2026, 12, 2)
DESKS = 5
ROUNDS = 6


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    skip_unless_postgres()
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0
    with clock.freeze(NOW):
        yield


def _reader_with_loans(library, count: int, **item_kwargs):
    reader = ReaderFactory(home_library=library)
    for _ in range(count):
        LoanFactory(
            reader=reader,
            item__library=library,
            item__due_on=DUE,
            **{f"item__{key}": value for key, value in item_kwargs.items()},
        )
    return reader


def test_five_desks_lending_to_a_reader_at_nine_of_ten_lend_one_copy():
    """Issue #10: before the fix 2-4 of the five desks lent, in six rounds of six."""
    library = LibraryFactory()
    admin = network_admin()
    PolicyFactory(max_loans=10)
    lent_per_round, refusals, open_loans, checkouts_logged = [], [], [], []
    for _round in range(ROUNDS):
        reader = _reader_with_loans(library, 9)
        copies = [ItemFactory(library=library) for _ in range(DESKS)]
        wins, losses = race(
            DESKS,
            lambda n, reader=reader, copies=copies: loans.loan_checkout(
                actor=admin,
                library_id=library.pk,
                barcode=copies[n].barcode,
                card_number=reader.card_number,
            ),
        )
        lent_per_round.append(len(wins))
        refusals.extend(error.code for error in losses)
        open_loans.append(Loan.objects.filter(reader=reader, returned_at__isnull=True).count())
        checkouts_logged.append(
            CirculationLogEntry.objects.filter(
                kind="checkout", item_id__in=[c.pk for c in copies]
            ).count()
        )
    print(f"copies lent per round of {DESKS} desks: {lent_per_round}")
    assert lent_per_round == [1] * ROUNDS
    assert refusals == ["loan_limit"] * (DESKS - 1) * ROUNDS
    assert open_loans == [10] * ROUNDS
    assert checkouts_logged == [1] * ROUNDS


def test_five_desks_lending_books_to_a_reader_at_the_books_limit_lend_one():
    """A limit per item type is counted after the reader's lock too."""
    library = LibraryFactory()
    admin = network_admin()
    PolicyFactory(item_type=ItemType.BOOK, max_loans=3)
    for _round in range(3):
        reader = _reader_with_loans(library, 2, item_type=ItemType.BOOK)
        copies = [ItemFactory(library=library, item_type=ItemType.BOOK) for _ in range(DESKS)]
        wins, losses = race(
            DESKS,
            lambda n, reader=reader, copies=copies: loans.loan_checkout(
                actor=admin,
                library_id=library.pk,
                barcode=copies[n].barcode,
                card_number=reader.card_number,
            ),
        )
        assert len(wins) == 1
        assert [error.code for error in losses] == ["loan_limit"] * (DESKS - 1)
        assert Loan.objects.filter(reader=reader, returned_at__isnull=True).count() == 3


def test_five_desks_renewing_one_loan_allowed_one_renewal_renew_it_once():
    library = LibraryFactory()
    admin = network_admin()
    PolicyFactory(renewals=1, loan_days=30)
    loan = LoanFactory(item__library=library, item__due_on=DUE)
    wins, losses = race(
        DESKS,
        lambda n: renewals.loan_renew(actor=admin, loan_id=loan.pk, library_id=library.pk),
    )
    assert len(wins) == 1
    assert [error.code for error in losses] == ["renewal_refused"] * (DESKS - 1)
    loan.refresh_from_db()
    assert loan.renewals == 1
    assert loan.due_on == dt.date(2027, 1, 1)  # 30 days from the old due date, the default
    assert CirculationLogEntry.objects.filter(kind="renew").count() == 1


def test_five_holds_placed_at_once_by_a_reader_one_short_of_the_limit_place_one(settings):
    settings.WENLAN_CIRC_MAX_HOLDS = 3
    library = LibraryFactory()
    admin = network_admin()
    reader = ReaderFactory(home_library=library)
    for _ in range(2):
        HoldFactory(reader=reader, pickup_library=library)
    records = [ItemFactory(library=library, status=ItemStatus.ON_LOAN).record for _ in range(5)]
    wins, losses = race(
        DESKS,
        lambda n: holds.hold_place(
            actor=admin,
            reader_id=reader.pk,
            record_id=records[n].pk,
            pickup_library_id=library.pk,
            library_id=library.pk,
        ),
    )
    assert len(wins) == 1
    assert [error.code for error in losses] == ["hold_refused"] * (DESKS - 1)
    assert Hold.objects.filter(reader=reader, status__in=ACTIVE_HOLD_STATUSES).count() == 3


def test_two_late_copies_returned_at_once_give_one_suspension_of_both_lengths():
    """Suspensions add up: the running one is read after the reader's lock, so
    the second return extends the suspension the first one started."""
    library = LibraryFactory()
    admin = network_admin()
    PolicyFactory(overdue_rule=OverdueRule.SUSPENSION, suspension_days_per_day=1)
    for _round in range(3):
        reader = ReaderFactory(home_library=library)
        late = [
            LoanFactory(reader=reader, item__library=library, item__due_on=dt.date(2026, 11, 22))
            for _ in range(DESKS)
        ]
        wins, losses = race(
            DESKS,
            lambda n, late=late: loans.loan_checkin(
                actor=admin, library_id=library.pk, barcode=late[n].item.barcode
            ),
        )
        assert losses == []
        assert sorted(result.days_late for result in wins) == [3] * DESKS
        suspensions = Block.objects.filter(reader=reader, kind=BlockKind.SUSPENSION)
        assert [(b.starts_on, b.until) for b in suspensions] == [
            (dt.date(2026, 11, 25), dt.date(2026, 11, 25) + dt.timedelta(days=3 * DESKS))
        ]
