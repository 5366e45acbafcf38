import io

import pytest
from django.core.management import call_command

from wenlan.circulation.models import Loan
from wenlan.core import clock
from wenlan.o2o.models import HandOnOffer
from wenlan.o2o.policies import handon_status

pytestmark = pytest.mark.django_db


def test_the_demo_has_hand_ons_in_every_state_once(whole_demo):
    """Loaded today: 孙浩 takes the accepted offer."""
    now = clock.now()
    shown = sorted(
        handon_status(status=o.status, expires_at=o.expires_at, now=now)
        for o in HandOnOffer.objects.all()
    )
    assert shown == ["accepted", "declined", "expired", "open", "open", "withdrawn"]
    accepted = HandOnOffer.objects.get(status="accepted")
    assert accepted.new_loan.reader_id == accepted.receiver_id != accepted.giver_id
    assert accepted.new_loan.channel == "handon"
    credentials = whole_demo.credentials()
    code = credentials["handon"]["open_code"]
    assert HandOnOffer.objects.get(code=code).named is False
    loans = Loan.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert (HandOnOffer.objects.count(), Loan.objects.count()) == (6, loans)


def test_the_demo_has_suggestions_in_every_state(whole_demo):
    from wenlan.o2o.models import PurchaseSuggestion

    states = sorted(PurchaseSuggestion.objects.values_list("status", flat=True))
    assert states == ["accepted", "accepted", "declined", "new", "new", "received"]
    received = PurchaseSuggestion.objects.get(status="received")
    assert received.hold.status == "ready" and received.item.barcode == "YG00000001"


def test_the_demo_has_bookstore_orders_in_every_state(whole_demo):
    from wenlan.o2o.models import StoreListing, StoreOrder

    assert StoreListing.objects.count() == 6
    states = sorted(StoreOrder.objects.values_list("status", flat=True))
    assert states == ["cancelled", "collected", "placed", "ready"]
