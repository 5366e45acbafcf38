import json

import pytest
from django.core.management import call_command

from wenlan.circulation.models import Loan
from wenlan.core import clock
from wenlan.o2o.models import HandOnOffer
from wenlan.o2o.policies import handon_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    monkeypatch.setattr("wenlan.demo.catalog.shared_data_dir", lambda: tmp_path / "no-shared")
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return tmp_path


def test_the_demo_has_hand_ons_in_every_state_once(demo):
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
    credentials = json.loads((demo / "demo-credentials.json").read_text())
    code = credentials["handon"]["open_code"]
    assert HandOnOffer.objects.get(code=code).named is False
    loans = Loan.objects.count()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (HandOnOffer.objects.count(), Loan.objects.count()) == (6, loans)


def test_the_demo_has_suggestions_in_every_state(demo):
    from wenlan.o2o.models import PurchaseSuggestion

    states = sorted(PurchaseSuggestion.objects.values_list("status", flat=True))
    assert states == ["accepted", "accepted", "declined", "new", "new", "received"]
    received = PurchaseSuggestion.objects.get(status="received")
    assert received.hold.status == "ready" and received.item.barcode == "YG00000001"


def test_the_demo_has_bookstore_orders_in_every_state(demo):
    from wenlan.o2o.models import StoreListing, StoreOrder

    assert StoreListing.objects.count() == 6
    states = sorted(StoreOrder.objects.values_list("status", flat=True))
    assert states == ["cancelled", "collected", "placed", "ready"]
