import json

import pytest

from conftest import login
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.spaces.tests.factories import ResourceFactory, at

pytestmark = pytest.mark.django_db


def test_booking_through_the_api(client, django_assert_num_queries):
    ResourceFactory(slug="booth", name_zh="录音间")
    with django_assert_num_queries(1):
        listed = client.get("/api/spaces/resources").json()
    assert [r["slug"] for r in listed] == ["booth"]
    slots = client.get("/api/spaces/resources/booth/slots").json()
    assert [s["state"] for s in slots[:3]] == ["free", "free", "free"]  # 09:00, 10:00, 11:00
    assert len(slots) == 3 * 7  # three slots a day, a week ahead
    assert (
        client.post(
            "/api/spaces/resources/booth/bookings",
            json.dumps({"starts_at": at(1, 10).isoformat()}),
            content_type="application/json",
        ).status_code
        == 401
    )
    reader = ReaderFactory()
    login(client, reader.user)
    made = client.post(
        "/api/spaces/resources/booth/bookings",
        json.dumps({"starts_at": at(1, 10).isoformat()}),
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["status"] == "booked"
    again = client.post(
        "/api/spaces/resources/booth/bookings",
        json.dumps({"starts_at": at(1, 10).isoformat()}),
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["code"] == "slot_taken"
    assert [b["id"] for b in client.get("/api/spaces/me/bookings").json()] == [made.json()["id"]]
    cancelled = client.post(f"/api/spaces/bookings/{made.json()['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
