"""The demo's 悦享: 吴婷 (HZ00000008) borrowed six books and offered them on: one
offer open (its code in the credentials file), one accepted by 孙浩 (HZ00000009),
one withdrawn, one expired, one to Emma Wilson (HZ00000006) by name that she
declined, and one to 王芳 (HZ00000001) by name, waiting on her hand-on page. Made
through the services; idempotent: once the demo's offers exist, a second run only
reports the open code."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count

from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.models import Item
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES
from wenlan.circulation.errors import LoanLimitError, ReaderBlockedError
from wenlan.circulation.models import Hold, Loan
from wenlan.circulation.services.loans import loan_checkout
from wenlan.core import clock
from wenlan.o2o.models import HandOnOffer
from wenlan.o2o.services.handon import (
    handon_offer_accept,
    handon_offer_create,
    handon_offer_decline,
    handon_offer_withdraw,
)
from wenlan.patrons.models import Reader

GIVER, TAKER, NAMED, WAITING = "HZ00000008", "HZ00000009", "HZ00000006", "HZ00000001"
# Who takes the accepted offer when 孙浩 may not borrow on the day the demo is
# loaded for (a test loads it at other dates, when his 悦读 book is overdue).
OTHER_TAKERS = ["HZ00000010", "HZ00000011", "HZ00000012"]


def _lend(giver: Reader, count: int) -> list[Loan]:
    """`count` copies of different titles, from the central library when it has
    them (the full demo catalog), else from the libraries with the most on their
    shelves (the small built-in catalog)."""
    admin = get_user_model().objects.get(username="admin")
    stocked = (
        Item.objects.filter(status=ItemStatus.AVAILABLE, item_type=ItemType.BOOK)
        .values("library__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "library__code")
    )
    codes = ["HZ"] + [row["library__code"] for row in stocked[:6] if row["library__code"] != "HZ"]
    items: list[Item] = []
    # Titles readers wait for cannot be handed on: leave them out.
    records: set[int] = set(
        Hold.objects.filter(status__in=ACTIVE_HOLD_STATUSES).values_list("record_id", flat=True)
    )
    for code in codes:
        # The last copies on the shelves: the circulation demo hands out the first
        # ones (`items_available` in the credentials file) and must find them there.
        shelf = Item.objects.filter(
            library__code=code, status=ItemStatus.AVAILABLE, item_type=ItemType.BOOK
        ).order_by("-pk")
        for item in shelf[: count * 4]:
            if item.record_id not in records and len(items) < count:
                items.append(item)
                records.add(item.record_id)
    for item in items:
        loan_checkout(
            actor=admin, library_id=item.library_id, barcode=item.barcode, reader_id=giver.pk,
            channel="demo",
        )  # fmt: skip
    return list(
        Loan.objects.filter(reader=giver, returned_at__isnull=True, item__in=items).order_by("pk")
    )


def _offers() -> None:
    readers = {
        r.card_number: r
        for r in Reader.objects.filter(card_number__in=[GIVER, TAKER, NAMED, WAITING])
    }
    if len(readers) < 4:
        return
    giver = readers[GIVER]
    now = clock.now()
    with clock.freeze(now - dt.timedelta(days=4)):
        loans = _lend(giver, 6)
    if len(loans) < 6:
        return
    opened, accepted, withdrawn, expired, declined, waiting = loans
    with clock.freeze(now - dt.timedelta(days=3)):
        handon_offer_create(actor=giver.user, loan_id=expired.pk)  # its 48 hours are over
    with clock.freeze(now - dt.timedelta(days=1)):
        offer = handon_offer_create(actor=giver.user, loan_id=accepted.pk)
        _accept(offer.code, readers[TAKER])
        offer = handon_offer_create(actor=giver.user, loan_id=withdrawn.pk)
        handon_offer_withdraw(actor=giver.user, offer_id=offer.pk)
        offer = handon_offer_create(actor=giver.user, loan_id=declined.pk, receiver_card=NAMED)
        handon_offer_decline(actor=readers[NAMED].user, offer_id=offer.pk)
    handon_offer_create(actor=giver.user, loan_id=opened.pk)
    handon_offer_create(actor=giver.user, loan_id=waiting.pk, receiver_card=WAITING)


def _accept(code: str, taker: Reader) -> None:
    takers = [taker, *Reader.objects.filter(card_number__in=OTHER_TAKERS).order_by("pk")]
    for reader in takers:
        try:
            handon_offer_accept(actor=reader.user, code=code)
        except (ReaderBlockedError, LoanLimitError):
            continue
        return


def handon_demo_load() -> dict:
    if not HandOnOffer.objects.exists():
        _offers()
    now = clock.now()
    code = (
        HandOnOffer.objects.filter(status="open", named=False, expires_at__gt=now)
        .values_list("code", flat=True)
        .first()
    )
    return {"handon": {"giver": GIVER, "open_code": code, "named_to": WAITING}}
