"""悦享: offering a loan, withdrawing, declining and accepting it."""

import datetime as dt

import pytest

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.errors import LoanLimitError, ReaderBlockedError
from wenlan.circulation.models import Block, CirculationLogEntry, Loan, ReadingHistoryEntry
from wenlan.circulation.tests.factories import HoldFactory, LoanFactory, PolicyFactory
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.o2o.errors import (
    CardNotFoundError,
    HandOnClosedError,
    HandOnHoldsWaitingError,
    HandOnNotForYouError,
    HandOnNotFoundError,
    HandOnOverdueError,
    HandOnSelfError,
    NoReaderCardError,
)
from wenlan.o2o.models import HandOnOffer
from wenlan.o2o.services import handon as services
from wenlan.o2o.tests.conftest import NOW
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def giver(frozen):
    return ReaderFactory(card_number="G0001", keep_reading_history=True, allow_analytics=True)


@pytest.fixture
def loan(giver):
    return LoanFactory(reader=giver, channel="desk")


@pytest.fixture
def receiver(giver):
    return ReaderFactory(card_number="R0002", home_library=giver.home_library)


def _state():
    return (
        list(Loan.objects.order_by("pk").values_list("reader_id", "returned_at", "due_on")),
        list(HandOnOffer.objects.order_by("pk").values_list("status", "receiver_id")),
        CirculationLogEntry.objects.count(),
    )


def test_an_offer_has_a_code_and_expires_in_two_days(giver, loan):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    assert len(offer.code) == 8 and offer.code.isalnum()
    assert (offer.status, offer.named, offer.receiver_id) == ("open", False, None)
    assert offer.expires_at == NOW + dt.timedelta(hours=48)
    assert (offer.item_id, offer.record_id, offer.giver_id) == (
        loan.item_id,
        loan.record_id,
        giver.pk,
    )


def test_offering_again_answers_with_the_open_offer(giver, loan):
    first = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    again = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    assert again.pk == first.pk
    assert HandOnOffer.objects.count() == 1


def test_an_expired_offer_is_closed_when_the_loan_is_offered_again(giver, loan):
    first = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    with clock.freeze(NOW + dt.timedelta(hours=49)):
        second = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    first.refresh_from_db()
    assert (first.status, second.status) == ("expired", "open")
    assert second.code != first.code


def test_another_readers_loan_cannot_be_offered(giver, loan, receiver):
    with pytest.raises(NotFoundError):
        services.handon_offer_create(actor=receiver.user, loan_id=loan.pk)
    assert not HandOnOffer.objects.exists()


def test_a_staff_account_without_a_card_is_told_so(loan, django_user_model):
    user = django_user_model.objects.create_user(username="staffonly", password="x")
    with pytest.raises(NoReaderCardError):
        services.handon_offer_create(actor=user, loan_id=loan.pk)


def test_an_overdue_loan_cannot_be_offered(giver):
    loan = LoanFactory(
        reader=giver, due_on=dt.date(2026, 11, 20), item__due_on=dt.date(2026, 11, 20)
    )
    with pytest.raises(HandOnOverdueError) as refused:
        services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    assert refused.value.code == "handon_overdue"
    assert not HandOnOffer.objects.exists()


def test_a_title_with_holds_waiting_cannot_be_offered(giver, loan):
    HoldFactory(record=loan.record)
    with pytest.raises(HandOnHoldsWaitingError):
        services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    assert not HandOnOffer.objects.exists()


def test_an_offer_to_a_named_reader(giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk, receiver_card=" R0002 ")
    assert (offer.named, offer.receiver_id) == (True, receiver.pk)
    with pytest.raises(CardNotFoundError):
        services.handon_offer_create(actor=giver.user, loan_id=loan.pk, receiver_card="NOPE")
    with pytest.raises(HandOnSelfError):
        services.handon_offer_create(actor=giver.user, loan_id=loan.pk, receiver_card="G0001")


def test_accepting_moves_the_loan_with_a_fresh_due_date(giver, loan, receiver):
    PolicyFactory(loan_days=30)
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    accepted = services.handon_offer_accept(actor=receiver.user, code=offer.code.lower())
    loan.refresh_from_db()
    new = accepted.loan
    assert loan.returned_at == NOW and loan.return_library_id == loan.library_id
    assert (new.reader_id, new.item_id, new.channel, new.returned_at) == (
        receiver.pk, loan.item_id, "handon", None,
    )  # fmt: skip
    assert new.due_on == dt.date(2026, 12, 25)
    item = Item.objects.get(pk=loan.item_id)
    assert (item.status, item.due_on) == (ItemStatus.ON_LOAN, dt.date(2026, 12, 25))
    offer.refresh_from_db()
    assert (offer.status, offer.receiver_id, offer.new_loan_id) == ("accepted", receiver.pk, new.pk)
    log = list(CirculationLogEntry.objects.order_by("pk").values_list("kind", "channel", "item_id"))
    assert log == [
        (LogEntryKind.CHECKIN, "handon", loan.item_id),
        (LogEntryKind.CHECKOUT, "handon", loan.item_id),
    ]
    # The giver's part: their reading history (kept by choice); the receiver's: the new loan.
    assert list(ReadingHistoryEntry.objects.values_list("reader_id", flat=True)) == [giver.pk]


def test_an_accepted_offer_cannot_be_accepted_again(giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    services.handon_offer_accept(actor=receiver.user, code=offer.code)
    third = ReaderFactory()
    before = _state()
    with pytest.raises(HandOnClosedError):
        services.handon_offer_accept(actor=third.user, code=offer.code)
    assert _state() == before


def test_refusals_change_nothing(giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    before = _state()
    with pytest.raises(HandOnSelfError):
        services.handon_offer_accept(actor=giver.user, code=offer.code)
    with pytest.raises(HandOnNotFoundError):
        services.handon_offer_accept(actor=receiver.user, code="NOSUCHCODE")
    HoldFactory(record=loan.record)
    with pytest.raises(HandOnHoldsWaitingError):
        services.handon_offer_accept(actor=receiver.user, code=offer.code)
    assert _state() == before


def test_a_blocked_receiver_is_refused(giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    Block.objects.create(
        reader=receiver, kind="manual", reason="x", starts_on=NOW.date(), created_at=NOW
    )
    before = _state()
    with pytest.raises(ReaderBlockedError):
        services.handon_offer_accept(actor=receiver.user, code=offer.code)
    assert _state() == before


def test_a_receiver_at_their_limit_is_refused(giver, loan, receiver):
    PolicyFactory(max_loans=1)
    LoanFactory(reader=receiver)
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    before = _state()
    with pytest.raises(LoanLimitError):
        services.handon_offer_accept(actor=receiver.user, code=offer.code)
    assert _state() == before


def test_an_expired_offer_is_refused(giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    before = _state()
    with clock.freeze(NOW + dt.timedelta(hours=48)), pytest.raises(HandOnClosedError):
        services.handon_offer_accept(actor=receiver.user, code=offer.code)
    assert _state() == before


def test_a_named_offer_is_for_that_reader_only(giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk, receiver_card="R0002")
    with pytest.raises(HandOnNotForYouError):
        services.handon_offer_accept(actor=ReaderFactory().user, code=offer.code)
    services.handon_offer_accept(actor=receiver.user, code=offer.code)
    assert Loan.objects.get(returned_at__isnull=True).reader_id == receiver.pk


def test_withdrawing_and_declining(giver, loan, receiver):
    offer = services.handon_offer_create(actor=giver.user, loan_id=loan.pk)
    with pytest.raises(HandOnNotFoundError):
        services.handon_offer_withdraw(actor=receiver.user, offer_id=offer.pk)
    services.handon_offer_withdraw(actor=giver.user, offer_id=offer.pk)
    offer.refresh_from_db()
    assert (offer.status, offer.closed_at) == ("withdrawn", NOW)
    with pytest.raises(HandOnClosedError):
        services.handon_offer_accept(actor=receiver.user, code=offer.code)
    with pytest.raises(HandOnClosedError):
        services.handon_offer_withdraw(actor=giver.user, offer_id=offer.pk)
    named = services.handon_offer_create(actor=giver.user, loan_id=loan.pk, receiver_card="R0002")
    with pytest.raises(HandOnNotFoundError):
        services.handon_offer_decline(actor=giver.user, offer_id=named.pk)
    services.handon_offer_decline(actor=receiver.user, offer_id=named.pk)
    named.refresh_from_db()
    assert named.status == "declined"
    assert Loan.objects.get().returned_at is None
