import io

import pytest
from django.core.management import call_command

from wenlan.circulation.models import Loan
from wenlan.demo.catalog import LC_DIR, shared_data_dir
from wenlan.o2o.models import DeliveryOrder, Parcel, PickupPoint

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_order_in_every_state_once(whole_demo, client):
    if not (shared_data_dir() / LC_DIR).is_dir():
        pytest.skip("without ../shared the built-in catalog has too few copies for deliveries")
    statuses = sorted(Parcel.objects.values_list("status", flat=True))
    assert statuses == sorted(
        ["delivered", "at_locker", "placed", "picking", "packed", "dispatched", "failed",
         "uncollected", "cancelled", "returned"]
    )  # fmt: skip
    locker = PickupPoint.objects.get(library__code="LOCKER-WLM")
    assert locker.compartments == 12
    assert Parcel.objects.get(status="at_locker").pickup_code
    assert Loan.objects.filter(channel="delivery").count() == 3  # delivered 2, returned 1
    call_command("demo", stdout=io.StringIO())
    assert DeliveryOrder.objects.count() == 10
    credentials = whole_demo.credentials()["deliveries"]
    staff = credentials["staff"]
    assert client.login(username=staff["username"], password=staff["password"])
    assert client.get("/staff/o2o/deliveries/?library=HZ").status_code == 200
