import datetime as dt

import pytest

from wenlan.core import clock
from wenlan.volunteers.models import HoursCertificate
from wenlan.volunteers.tests.factories import BASE, ProfileFactory, ShiftFactory, SignupFactory

pytestmark = pytest.mark.django_db

BEFORE = BASE - dt.timedelta(days=1)


def test_open_shifts_are_public(client, django_assert_max_num_queries):
    for _ in range(5):
        ShiftFactory()
    ShiftFactory(is_cancelled=True)
    with clock.freeze(BEFORE), django_assert_max_num_queries(2):
        response = client.get("/api/volunteers/shifts")
    assert response.status_code == 200
    assert len(response.json()) == 5
    assert response.json()[0]["places_left"] == 3


def test_a_volunteer_signs_up_sees_and_cancels(client):
    shift, profile = ShiftFactory(), ProfileFactory()
    client.force_login(profile.reader.user)
    with clock.freeze(BEFORE):
        made = client.post(f"/api/volunteers/shifts/{shift.pk}/signups")
        again = client.post(f"/api/volunteers/shifts/{shift.pk}/signups")
        mine = client.get("/api/volunteers/me/signups").json()
        cancelled = client.post(f"/api/volunteers/signups/{made.json()['id']}/cancel")
    assert (made.status_code, again.status_code) == (201, 200)
    assert [s["shift_id"] for s in mine] == [shift.pk]
    assert cancelled.json()["status"] == "cancelled"


def test_a_full_shift_is_a_conflict_problem(client):
    shift = ShiftFactory(capacity=1)
    SignupFactory(shift=shift)
    client.force_login(ProfileFactory().reader.user)
    with clock.freeze(BEFORE):
        response = client.post(f"/api/volunteers/shifts/{shift.pk}/signups")
    assert response.status_code == 409
    assert response.json()["code"] == "shift_full"


def test_my_hours_and_a_certificate_check(client):
    profile = ProfileFactory(reader__name="王芳")
    SignupFactory(profile=profile, hours_status="approved", approved_minutes=300 * 60)
    client.force_login(profile.reader.user)
    assert client.get("/api/volunteers/me/hours").json() == {
        "approved_minutes": 18000,
        "stars": 2,
        "hours_to_next_star": 300,
    }
    HoursCertificate.objects.create(
        code="ABCD2345", profile=profile, holder_name="王芳", minutes=18000, issued_at=BASE
    )
    client.logout()
    check = client.get("/api/volunteers/certificates/abcd2345").json()
    assert (check["genuine"], check["hours"], check["holder"]) == (True, "300.0", "王*")
    assert client.get("/api/volunteers/certificates/NOPE").json()["genuine"] is False


def test_a_reader_who_is_no_volunteer_has_no_hours(client):
    from wenlan.patrons.tests.factories import ReaderFactory

    client.force_login(ReaderFactory().user)
    assert client.get("/api/volunteers/me/hours").status_code == 404
