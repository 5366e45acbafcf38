import time

import pytest

from wenlan.circulation.models import Loan
from wenlan.o2o.models import DeliveryOrder, Parcel

pytestmark = pytest.mark.django_db


def _place(client, y, *items, **extra):
    body = {"item_ids": [i.pk for i in items], "destination": "pickup_point",
            "pickup_point_id": y.counter.pk} | extra  # fmt: skip
    return client.post("/api/o2o/deliveries", body, content_type="application/json")


def test_a_reader_orders_over_the_api_and_staff_deliver(
    client, yuejie, django_assert_max_num_queries
):
    client.force_login(yuejie.reader.user)
    with django_assert_max_num_queries(40):
        started = time.perf_counter()
        response = _place(client, yuejie, yuejie.items[0], yuejie.items[4])
        elapsed = time.perf_counter() - started
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(p["library"], p["status"]) for p in body["parcels"]] == [
        ("HZ", "placed"),
        ("SC", "placed"),
    ]
    assert body["fee"] == "0.00"
    assert elapsed < 2.0
    hz = next(p for p in body["parcels"] if p["library"] == "HZ")
    client.force_login(yuejie.librarian)
    queue = client.get("/api/o2o/parcels", {"library": "HZ"}).json()
    assert [(p["id"], p["status"], p["copies"]) for p in queue] == [(hz["id"], "placed", 1)]
    picked = client.post(f"/api/o2o/parcels/{hz['id']}/pick", {"barcode": "HZ0001"},
                         content_type="application/json")  # fmt: skip
    assert picked.json()["lines"][0]["status"] == "picked"
    client.post(f"/api/o2o/parcels/{hz['id']}/pack", {"courier": "顺丰", "tracking_number": "SF7"},
                content_type="application/json")  # fmt: skip
    client.post(f"/api/o2o/parcels/{hz['id']}/dispatch")
    courier = client.post(
        "/api/o2o/courier-statuses",
        {"tracking_number": "SF7", "status": "delivered", "time": "2026-11-25T12:00:00+08:00"},
        content_type="application/json",
    )
    assert courier.json() == {"tracking_number": "SF7", "status": "delivered", "changed": True}
    assert Loan.objects.get().channel == "delivery"
    client.force_login(yuejie.reader.user)
    mine = client.get("/api/o2o/me/deliveries").json()
    lines = {p["library"]: p["lines"][0] for p in mine[0]["parcels"]}
    assert lines["HZ"]["due_on"] == "2026-12-25"
    assert lines["SC"]["status"] == "ordered"


def test_refusals_are_problems_with_a_code(client, yuejie):
    client.force_login(yuejie.reader.user)
    assert _place(client, yuejie).json()["code"] == "delivery_empty"
    yuejie.items[1].status = "on_loan"
    yuejie.items[1].save()
    refused = _place(client, yuejie, yuejie.items[1])
    assert (refused.status_code, refused.json()["code"]) == (409, "copy_not_on_shelf")
    assert not DeliveryOrder.objects.exists()
    order = _place(client, yuejie, yuejie.items[0]).json()
    cancel = client.post(f"/api/o2o/me/deliveries/{order['id']}/cancel")
    assert [p["status"] for p in cancel.json()["parcels"]] == ["cancelled"]
    again = client.post(f"/api/o2o/me/deliveries/{order['id']}/cancel")
    assert (again.status_code, again.json()["code"]) == (409, "parcel_wrong_status")


def test_an_unknown_tracking_number_is_404(client, yuejie):
    client.force_login(yuejie.librarian)
    response = client.post(
        "/api/o2o/courier-statuses",
        {"tracking_number": "X", "status": "failed"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (404, "tracking_number_unknown")
    assert not Parcel.objects.exists()


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_locker_failure_uncollected_and_courier_return_over_the_api(client, yuejie):
    import datetime as dt

    from wenlan.core import clock

    client.force_login(yuejie.reader.user)
    locker = _place(client, yuejie, yuejie.items[0], pickup_point_id=yuejie.locker.pk).json()
    home = _place(client, yuejie, yuejie.items[3]).json()
    client.force_login(yuejie.librarian)
    ids = [locker["parcels"][0]["id"], home["parcels"][0]["id"]]
    for parcel_id, barcode, number in ((ids[0], "HZ0001", "SF1"), (ids[1], "HZ0003", "SF2")):
        _post(client, f"/api/o2o/parcels/{parcel_id}/pick", {"barcode": barcode})
        _post(
            client,
            f"/api/o2o/parcels/{parcel_id}/pack",
            {"courier": "顺丰", "tracking_number": number},
        )
        _post(client, f"/api/o2o/parcels/{parcel_id}/dispatch")
    stored = _post(client, f"/api/o2o/parcels/{ids[0]}/locker", {"compartment": 4}).json()
    assert (stored["status"], stored["compartment"], stored["pickup_code"]) == ("at_locker", 4, "")
    taken = _post(client, f"/api/o2o/parcels/{ids[0]}/locker", {"compartment": 4})
    assert taken.json()["code"] == "parcel_wrong_status"
    early = _post(client, f"/api/o2o/parcels/{ids[0]}/uncollected")
    assert early.json()["code"] == "collect_deadline"
    # Its deadline passed (moved back rather than the clock on: a staff session ends).
    Parcel.objects.filter(pk=ids[0]).update(collect_by=clock.now() - dt.timedelta(minutes=1))
    back = _post(client, f"/api/o2o/parcels/{ids[0]}/uncollected").json()
    assert back["status"] == "uncollected"
    failed = _post(client, f"/api/o2o/parcels/{ids[1]}/fail", {"reason": "地址不详"}).json()
    assert (failed["status"], failed["reason"]) == ("failed", "地址不详")
    assert list(Parcel.objects.order_by("pk").values_list("status", flat=True)) == [
        "uncollected",
        "failed",
    ]


def test_a_courier_return_over_the_api(client, yuejie):
    client.force_login(yuejie.reader.user)
    order = _place(client, yuejie, yuejie.items[0]).json()
    parcel_id = order["parcels"][0]["id"]
    client.force_login(yuejie.librarian)
    _post(client, f"/api/o2o/parcels/{parcel_id}/pick", {"barcode": "HZ0001"})
    _post(
        client, f"/api/o2o/parcels/{parcel_id}/pack", {"courier": "顺丰", "tracking_number": "S9"}
    )
    _post(client, f"/api/o2o/parcels/{parcel_id}/dispatch")
    _post(client, f"/api/o2o/parcels/{parcel_id}/deliver")
    client.force_login(yuejie.reader.user)
    asked = _post(client, f"/api/o2o/me/parcels/{parcel_id}/return").json()
    assert asked["parcels"][0]["status"] == "return_requested"
    client.force_login(yuejie.librarian)
    done = _post(client, f"/api/o2o/parcels/{parcel_id}/return-received").json()
    assert done["status"] == "returned"
    assert Loan.objects.get().returned_at is not None
