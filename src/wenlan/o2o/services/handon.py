"""悦享: a reader hands a loan on to another reader, without a visit to the library.

The giver offers one of their loans: a short code (and its QR link) that any reader
may accept, or an offer to a reader named by card. Accepting moves the loan in one
transaction: circulation's locks in circulation's order (the copy, then both
readers by primary key, then the title's hold queue), then the offer's row; every
rule is read after them, so of two readers accepting one offer the second finds it
taken. The giver's loan ends and the receiver's starts with a fresh due date under
the receiver's rule (circulation.services.handon.loan_hand_on), both in the log."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction

from wenlan.circulation import locks as circulation_locks
from wenlan.circulation.models import Loan
from wenlan.circulation.selectors.readers import loan_list_for_reader, reader_get_by_card
from wenlan.circulation.services.handon import loan_hand_on
from wenlan.core import clock
from wenlan.core.errors import ConflictError, NotFoundError
from wenlan.o2o import locks
from wenlan.o2o.enums import HandOnStatus
from wenlan.o2o.errors import (
    HANDON_ERRORS,
    CardNotFoundError,
    HandOnClosedError,
    HandOnNotFoundError,
    HandOnSelfError,
    NoReaderCardError,
)
from wenlan.o2o.models import HandOnOffer
from wenlan.o2o.policies import (
    HANDON_CODE_ALPHABET,
    HANDON_CODE_LENGTH,
    HANDON_OFFER_HOURS,
    handon_accept_refusal,
    handon_code_normalise,
    handon_offer_refusal,
    handon_status,
)
from wenlan.patrons.models import Reader
from wenlan.patrons.selectors import reader_of


def _own_reader(actor) -> Reader:
    reader = reader_of(actor)
    if reader is None:
        raise NoReaderCardError()
    return reader


def _refuse(code: str | None) -> None:
    if code is not None:
        raise HANDON_ERRORS[code]()


def _new_code() -> str:
    return "".join(secrets.choice(HANDON_CODE_ALPHABET) for _ in range(HANDON_CODE_LENGTH))


def handon_offer_create(*, actor, loan_id: int, receiver_card: str = "") -> HandOnOffer:
    """The giver offers their loan `loan_id`; to the reader of `receiver_card` only,
    when given. An offer still open for the loan is answered as it is (made again
    from another page or a double tap), unless it names someone else."""
    giver = _own_reader(actor)
    loan = loan_list_for_reader(reader_id=giver.pk).filter(pk=loan_id).first()
    if loan is None:
        raise NotFoundError()
    receiver = None
    if receiver_card.strip():
        receiver = reader_get_by_card(card_number=receiver_card.strip())
        if receiver is None:
            raise CardNotFoundError()
        if receiver.pk == giver.pk:
            raise HandOnSelfError()
    try:
        return _offer_create(giver_id=giver.pk, loan=loan, receiver=receiver)
    except IntegrityError as error:  # a code drawn twice, or a second open offer
        raise ConflictError() from error


@transaction.atomic(durable=True)
def _offer_create(*, giver_id: int, loan: Loan, receiver: Reader | None) -> HandOnOffer:
    now, today = clock.now(), clock.today()
    with circulation_locks.lock_timeout():
        item = circulation_locks.items_lock(item_ids=[loan.item_id])[0]
        giver = circulation_locks.reader_lock(reader_id=giver_id)
        queue = circulation_locks.hold_queue_lock(record_id=item.record_id)
        open_offers = locks.handon_offers_open_lock(loan_id=loan.pk)
    current = circulation_locks.open_loan_lock(item_id=item.pk)
    if giver is None or current is None or current.pk != loan.pk:
        raise NotFoundError()
    _refuse(handon_offer_refusal(due_on=current.due_on, today=today, holds_waiting=bool(queue)))
    for offer in open_offers:
        shown = handon_status(status=offer.status, expires_at=offer.expires_at, now=now)
        if shown == HandOnStatus.OPEN and offer.receiver_id == (receiver.pk if receiver else None):
            return offer
        offer.status = shown if shown != HandOnStatus.OPEN else HandOnStatus.WITHDRAWN
        offer.closed_at = now
        offer.save(update_fields=["status", "closed_at"])
    return HandOnOffer.objects.create(
        code=_new_code(),
        loan=current,
        item_id=item.pk,
        record_id=item.record_id,
        giver=giver,
        receiver=receiver,
        named=receiver is not None,
        created_at=now,
        expires_at=now + timedelta(hours=HANDON_OFFER_HOURS),
    )


@transaction.atomic
def handon_offer_withdraw(*, actor, offer_id: int) -> HandOnOffer:
    """The giver takes back an open offer; a taken or ended one is refused."""
    giver = _own_reader(actor)
    with circulation_locks.lock_timeout():
        offer = locks.handon_offer_lock(offer_id=offer_id)
    if offer is None or offer.giver_id != giver.pk:
        raise HandOnNotFoundError()
    now = clock.now()
    if handon_status(status=offer.status, expires_at=offer.expires_at, now=now) != "open":
        raise HandOnClosedError()
    offer.status, offer.closed_at = HandOnStatus.WITHDRAWN, now
    offer.save(update_fields=["status", "closed_at"])
    return offer


@transaction.atomic
def handon_offer_decline(*, actor, offer_id: int) -> HandOnOffer:
    """The reader an offer names says no; the giver keeps the loan."""
    reader = _own_reader(actor)
    with circulation_locks.lock_timeout():
        offer = locks.handon_offer_lock(offer_id=offer_id)
    if offer is None or not offer.named or offer.receiver_id != reader.pk:
        raise HandOnNotFoundError()
    now = clock.now()
    if handon_status(status=offer.status, expires_at=offer.expires_at, now=now) != "open":
        raise HandOnClosedError()
    offer.status, offer.closed_at = HandOnStatus.DECLINED, now
    offer.save(update_fields=["status", "closed_at"])
    return offer


@dataclass
class HandOnAccepted:
    offer: HandOnOffer
    loan: Loan  # the receiver's new loan


def handon_offer_accept(*, actor, code: str) -> HandOnAccepted:
    """The receiver accepts the offer of `code` (typed, or from the QR link)."""
    receiver = _own_reader(actor)
    code = handon_code_normalise(code)
    offer = HandOnOffer.objects.filter(code=code).only("pk", "item_id", "giver_id").first()
    if not code or offer is None:
        raise HandOnNotFoundError()
    try:
        return _accept(
            offer_id=offer.pk, item_id=offer.item_id, giver_id=offer.giver_id,
            receiver_id=receiver.pk,
        )  # fmt: skip
    except IntegrityError as error:  # one open loan per copy: a race the locks missed
        raise HandOnClosedError() from error


@transaction.atomic(durable=True)
def _accept(*, offer_id: int, item_id: int, giver_id: int, receiver_id: int) -> HandOnAccepted:
    now, today = clock.now(), clock.today()
    with circulation_locks.lock_timeout():
        item = circulation_locks.items_lock(item_ids=[item_id])[0]
        readers = {
            reader_id: circulation_locks.reader_lock(reader_id=reader_id)
            for reader_id in sorted({giver_id, receiver_id})
        }
        queue = circulation_locks.hold_queue_lock(record_id=item.record_id)
        offer = locks.handon_offer_lock(offer_id=offer_id)
    giver, receiver = readers[giver_id], readers[receiver_id]
    if offer is None or receiver is None:
        raise HandOnNotFoundError()
    loan = circulation_locks.open_loan_lock(item_id=item.pk)
    loan_open = giver is not None and loan is not None and loan.pk == offer.loan_id
    _refuse(
        handon_accept_refusal(
            status=handon_status(status=offer.status, expires_at=offer.expires_at, now=now),
            loan_open=loan_open,
            due_on=loan.due_on if loan_open else today,
            today=today,
            holds_waiting=bool(queue),
            giver_id=giver_id,
            receiver_id=receiver_id,
            named_receiver_id=offer.receiver_id if offer.named else None,
        )
    )
    moved = loan_hand_on(item=item, loan=loan, giver=giver, receiver=receiver)
    offer.status, offer.closed_at = HandOnStatus.ACCEPTED, now
    offer.receiver, offer.new_loan = receiver, moved.loan
    offer.save(update_fields=["status", "closed_at", "receiver", "new_loan"])
    return HandOnAccepted(offer=offer, loan=moved.loan)
