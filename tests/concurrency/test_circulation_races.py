"""Desks racing each other on PostgreSQL with real threads: the item-row lock and
the one-open-loan constraint let exactly one of them lend a copy; a return
scanned twice changes things once; a hold queue is served once per reader."""

import pytest

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import CheckinOutcome, HoldStatus
from wenlan.circulation.models import CirculationLogEntry, Hold, Loan, Transit
from wenlan.circulation.services import loans
from wenlan.circulation.tests.factories import HoldFactory, LoanFactory, network_admin
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    skip_unless_postgres()
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


def test_eight_desks_lending_one_copy_lend_it_once():
    library = LibraryFactory()
    admin = network_admin()
    item = ItemFactory(library=library)
    readers = [ReaderFactory(home_library=library) for _ in range(8)]
    wins, losses = race(
        8,
        lambda n: loans.loan_checkout(
            actor=admin,
            library_id=library.pk,
            barcode=item.barcode,
            card_number=readers[n].card_number,
        ),
    )
    assert len(wins) == 1 and len(losses) == 7
    assert {e.code for e in losses} == {"item_on_loan"}
    assert Loan.objects.filter(item=item, returned_at__isnull=True).count() == 1
    assert CirculationLogEntry.objects.filter(kind="checkout").count() == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.ON_LOAN


def test_a_copy_returned_at_two_desks_at_once_is_returned_once():
    home, other = LibraryFactory(), LibraryFactory()
    admin = network_admin()
    loan = LoanFactory(item__library=home)
    wins, losses = race(
        6,
        lambda n: loans.loan_checkin(actor=admin, library_id=other.pk, barcode=loan.item.barcode),
    )
    assert losses == []
    assert sorted(r.changed for r in wins) == [False] * 5 + [True]
    assert [r.outcome for r in wins if r.changed] == [CheckinOutcome.TRANSIT]
    assert Transit.objects.count() == 1
    assert CirculationLogEntry.objects.filter(kind="checkin").count() == 1
    loan.refresh_from_db()
    assert loan.returned_at is not None


def test_concurrent_returns_of_copies_serve_each_waiting_reader_once():
    library = LibraryFactory()
    admin = network_admin()
    record = RecordFactory()
    copies = [
        LoanFactory(item__library=library, item__record=record, record=record) for _ in range(6)
    ]
    holds = [HoldFactory(record=record, pickup_library=library) for _ in range(4)]
    wins, losses = race(
        6,
        lambda n: loans.loan_checkin(
            actor=admin, library_id=library.pk, barcode=copies[n].item.barcode
        ),
    )
    assert losses == []
    assert sorted(r.outcome for r in wins) == sorted(
        [CheckinOutcome.HOLD_SHELF] * 4 + [CheckinOutcome.SHELVE] * 2
    )
    served = Hold.objects.filter(pk__in=[h.pk for h in holds])
    assert {h.status for h in served} == {HoldStatus.READY}
    assert len({h.item_id for h in served}) == 4
