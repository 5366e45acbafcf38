"""悦享 races on PostgreSQL with real threads: readers accepting one offer at once,
and an accept racing the giver's withdrawal."""

import datetime as dt

import pytest

from wenlan.circulation.models import CirculationLogEntry, Loan
from wenlan.circulation.tests.factories import LoanFactory
from wenlan.core import clock
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.o2o.models import HandOnOffer
from wenlan.o2o.services.handon import (
    handon_offer_accept,
    handon_offer_create,
    handon_offer_withdraw,
)
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    skip_unless_postgres()
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


def _offer():
    giver = ReaderFactory()
    due = clock.today() + dt.timedelta(days=10)
    loan = LoanFactory(reader=giver, due_on=due, item__due_on=due)
    return giver, loan, handon_offer_create(actor=giver.user, loan_id=loan.pk)


def test_two_readers_accepting_one_offer_one_wins():
    giver, loan, offer = _offer()
    readers = [ReaderFactory(home_library=giver.home_library) for _ in range(2)]
    wins, losses = race(2, lambda n: handon_offer_accept(actor=readers[n].user, code=offer.code))
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == "handon_closed"
    winner = wins[0].loan.reader_id
    assert winner in {readers[0].pk, readers[1].pk}
    open_loans = Loan.objects.filter(returned_at__isnull=True)
    assert list(open_loans.values_list("reader_id", flat=True)) == [winner]
    offer.refresh_from_db()
    assert (offer.status, offer.receiver_id) == ("accepted", winner)
    assert CirculationLogEntry.objects.filter(channel="handon").count() == 2


def test_four_readers_at_once_move_the_loan_once():
    giver, loan, offer = _offer()
    readers = [ReaderFactory(home_library=giver.home_library) for _ in range(4)]
    wins, losses = race(4, lambda n: handon_offer_accept(actor=readers[n].user, code=offer.code))
    assert len(wins) == 1 and len(losses) == 3
    assert {error.code for error in losses} == {"handon_closed"}
    assert Loan.objects.count() == 2
    assert CirculationLogEntry.objects.filter(channel="handon").count() == 2


def test_an_accept_racing_the_withdrawal_ends_one_way():
    giver, loan, offer = _offer()
    receiver = ReaderFactory(home_library=giver.home_library)
    steps = [
        lambda: handon_offer_withdraw(actor=giver.user, offer_id=offer.pk),
        lambda: handon_offer_accept(actor=receiver.user, code=offer.code),
    ]
    wins, losses = race(2, lambda n: steps[n]())
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == "handon_closed"
    offer.refresh_from_db()
    holder = Loan.objects.get(returned_at__isnull=True).reader_id
    if offer.status == "accepted":
        assert holder == receiver.pk
    else:
        assert (offer.status, holder) == ("withdrawn", giver.pk)
    assert HandOnOffer.objects.count() == 1
