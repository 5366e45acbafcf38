"""Reads of 悦享: a reader's offers, given and received, and an offer by its code.
Each reader sees only their own part: the giver sees their loan and whether it was
taken, the receiver the loan they took; neither sees who the other is."""

from dataclasses import dataclass

from django.db.models import Q

from wenlan.core import clock
from wenlan.o2o.models import HandOnOffer
from wenlan.o2o.policies import handon_code_normalise, handon_status


def _with_status(offers) -> list[HandOnOffer]:
    now = clock.now()
    offers = list(offers)
    for offer in offers:
        offer.shown_status = handon_status(
            status=offer.status, expires_at=offer.expires_at, now=now
        )
    return offers


def handon_offer_by_code(*, code: str) -> HandOnOffer | None:
    code = handon_code_normalise(code)
    if not code:
        return None
    offer = HandOnOffer.objects.select_related("record", "loan").filter(code=code).first()
    return _with_status([offer])[0] if offer is not None else None


def handon_offer_for_giver(*, reader_id: int, offer_id: int) -> HandOnOffer | None:
    offers = HandOnOffer.objects.select_related("record", "loan").filter(
        pk=offer_id, giver_id=reader_id
    )
    found = _with_status(offers)
    return found[0] if found else None


@dataclass
class ReaderHandOns:
    given: list[HandOnOffer]
    received: list[HandOnOffer]  # taken by the reader, or named to them and still open

    @property
    def waiting_for_me(self) -> list[HandOnOffer]:
        return [offer for offer in self.received if offer.shown_status == "open"]


def handon_list_for_reader(*, reader_id: int, limit: int = 100) -> ReaderHandOns:
    offers = _with_status(
        HandOnOffer.objects.filter(Q(giver_id=reader_id) | Q(receiver_id=reader_id))
        .select_related("record", "loan", "new_loan")
        .order_by("-created_at", "-pk")[: limit * 2]
    )
    return ReaderHandOns(
        given=[offer for offer in offers if offer.giver_id == reader_id][:limit],
        received=[
            offer
            for offer in offers
            if offer.receiver_id == reader_id and offer.giver_id != reader_id
        ][:limit],
    )


def handon_open_offer_ids(*, reader_id: int) -> dict[int, int]:
    """The reader's loans that have an open offer: loan id → offer id."""
    now = clock.now()
    return dict(
        HandOnOffer.objects.filter(
            giver_id=reader_id, status="open", expires_at__gt=now
        ).values_list("loan_id", "pk")
    )
