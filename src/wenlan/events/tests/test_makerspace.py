import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.events.enums import BookingStatus, RegistrationStatus
from wenlan.events.errors import (
    InductionRequiredError,
    SlotNotBookableError,
    SlotTakenError,
    WeeklyLimitError,
)
from wenlan.events.models import Booking
from wenlan.events.policies import slot_starts, week_bounds
from wenlan.events.services.bookings import booking_cancel, booking_check_in, booking_create
from wenlan.events.tests.factories import (
    BookingFactory,
    EventFactory,
    OccurrenceFactory,
    RegistrationFactory,
    ResourceFactory,
)
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 12, 7, 8, 0))  # a Monday, 08:00 Shanghai
DAY = NOW.date()


def at(day_offset: int, hour: int) -> dt.datetime:
    day = DAY + dt.timedelta(days=day_offset)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture(autouse=True)
def _frozen():
    with clock.freeze(NOW):
        yield


def test_slot_grid_and_week_bounds():
    tz = NOW.tzinfo
    hourly = slot_starts(DAY, opens=dt.time(9), closes=dt.time(12), minutes=60, tzinfo=tz)
    assert [s.hour for s in hourly] == [9, 10, 11]
    uneven = slot_starts(DAY, opens=dt.time(9), closes=dt.time(10, 30), minutes=45, tzinfo=tz)
    assert len(uneven) == 2
    start, end = week_bounds(at(3, 10))
    assert (start, end) == (at(0, 0), at(7, 0))


def test_reader_books_a_slot_and_nobody_else_can_have_it():
    resource = ResourceFactory()
    a, b = ReaderFactory(), ReaderFactory()
    booking = booking_create(actor=a.user, resource_id=resource.pk, starts_at=at(1, 10))
    assert (booking.status, booking.ends_at) == (BookingStatus.BOOKED, at(1, 11))
    with pytest.raises(SlotTakenError):
        booking_create(actor=b.user, resource_id=resource.pk, starts_at=at(1, 10))
    assert Booking.objects.count() == 1


def test_database_refuses_two_active_bookings_of_one_slot():
    booking = BookingFactory()
    with pytest.raises(IntegrityError):
        BookingFactory(resource=booking.resource, starts_at=booking.starts_at)


@pytest.mark.parametrize("starts", [at(1, 8), at(1, 12), at(0, 7), at(30, 10)])
def test_slots_outside_hours_in_the_past_or_too_far_ahead_are_refused(starts):
    resource = ResourceFactory()
    with pytest.raises(SlotNotBookableError):
        booking_create(actor=ReaderFactory().user, resource_id=resource.pk, starts_at=starts)
    assert Booking.objects.count() == 0


def test_off_grid_and_closed_weekday_are_refused():
    resource = ResourceFactory(open_weekdays="1,2,3,4,5")  # closed on Mondays
    reader = ReaderFactory()
    with pytest.raises(SlotNotBookableError):
        booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(7, 10))
    with pytest.raises(SlotNotBookableError):
        booking_create(
            actor=reader.user,
            resource_id=resource.pk,
            starts_at=at(1, 10) + dt.timedelta(minutes=30),
        )


def test_weekly_hours_limit():
    resource = ResourceFactory(max_hours_per_week=2)
    reader = ReaderFactory()
    booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(1, 9))
    booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(2, 9))
    with pytest.raises(WeeklyLimitError) as refused:
        booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(3, 9))
    assert "每人每周最多预约 2 小时" in str(refused.value)
    # next week is a new week
    booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(7, 9))
    assert Booking.objects.filter(reader=reader).count() == 3


def test_induction_must_have_been_attended():
    induction = EventFactory(title_zh="激光切割安全培训")
    resource = ResourceFactory(induction_event=induction, name_zh="激光切割机")
    reader = ReaderFactory()
    with pytest.raises(InductionRequiredError) as refused:
        booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(1, 9))
    assert str(refused.value) == "使用激光切割机前须参加安全培训：激光切割安全培训。"
    RegistrationFactory(
        reader=reader,
        occurrence=OccurrenceFactory(event=induction),
        status=RegistrationStatus.ATTENDED,
    )
    assert booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(1, 9)).pk


def test_cancel_frees_the_slot_and_others_cannot_cancel():
    resource = ResourceFactory()
    a, b = ReaderFactory(), ReaderFactory()
    booking = booking_create(actor=a.user, resource_id=resource.pk, starts_at=at(1, 10))
    with pytest.raises(PermissionDeniedError):
        booking_cancel(actor=b.user, booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    booking_cancel(actor=a.user, booking_id=booking.pk)
    assert booking_create(actor=b.user, resource_id=resource.pk, starts_at=at(1, 10)).pk


def test_staff_of_the_library_check_in():
    booking = BookingFactory(starts_at=at(0, 10))
    other = staff_with_role(Role.BRANCH_LIBRARIAN, library=ReaderFactory().home_library)
    with pytest.raises(PermissionDeniedError):
        booking_check_in(actor=other, booking_id=booking.pk)
    staff = staff_with_role(Role.BRANCH_LIBRARIAN, library=booking.resource.library)
    assert booking_check_in(actor=staff, booking_id=booking.pk).status == BookingStatus.CHECKED_IN


def test_resource_page_shows_free_taken_and_own_slots_and_books(client, django_assert_num_queries):
    resource = ResourceFactory(slug="printer")
    BookingFactory(resource=resource, starts_at=at(1, 9))
    reader = ReaderFactory()
    login(client, reader.user)
    response = client.post(
        reverse("events:resource_book", args=["printer"]),
        {"starts_at": at(1, 10).isoformat()},
        follow=True,
    )
    html = response.content.decode()
    assert "已预约 3D 打印机：2026-12-08 10:00。" in html
    assert html.count('class="slot mine"') == 1
    assert html.count('class="slot taken"') == 1
    with django_assert_num_queries(4):  # session, user with reader, resource, bookings
        client.get(reverse("events:resource_detail", args=["printer"]))


def test_booking_through_the_page_needs_login(client):
    resource = ResourceFactory(slug="printer")
    response = client.post(
        reverse("events:resource_book", args=["printer"]), {"starts_at": at(1, 10).isoformat()}
    )
    assert response.status_code == 302
    assert not Booking.objects.filter(resource=resource).exists()


def test_staff_bookings_page_checks_in(client):
    booking = BookingFactory(starts_at=at(0, 10))
    staff = staff_with_role(Role.BRANCH_LIBRARIAN, library=booking.resource.library)
    login(client, staff)
    page = client.get(reverse("events:staff_bookings")).content.decode()
    assert booking.reader.name in page
    client.post(reverse("events:staff_bookings"), {"booking": booking.pk})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


@pytest.mark.parametrize("role,status", [(Role.CATALOGUER, 403), (Role.NETWORK_ADMIN, 200)])
def test_staff_bookings_page_by_role(client, role, status):
    scope = {"library": ReaderFactory().home_library} if role == Role.CATALOGUER else {}
    login(client, staff_with_role(role, **scope))
    assert client.get(reverse("events:staff_bookings")).status_code == status


def test_booking_through_the_api(client, django_assert_num_queries):
    import json

    ResourceFactory(slug="booth", name_zh="录音间")
    with django_assert_num_queries(1):
        listed = client.get("/api/events/resources").json()
    assert [r["slug"] for r in listed] == ["booth"]
    slots = client.get("/api/events/resources/booth/slots").json()
    assert [s["state"] for s in slots[:3]] == ["free", "free", "free"]  # 09:00, 10:00, 11:00
    assert len(slots) == 3 * 7  # three slots a day, a week ahead
    assert (
        client.post(
            "/api/events/resources/booth/bookings",
            json.dumps({"starts_at": at(1, 10).isoformat()}),
            content_type="application/json",
        ).status_code
        == 401
    )
    reader = ReaderFactory()
    login(client, reader.user)
    made = client.post(
        "/api/events/resources/booth/bookings",
        json.dumps({"starts_at": at(1, 10).isoformat()}),
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["status"] == "booked"
    again = client.post(
        "/api/events/resources/booth/bookings",
        json.dumps({"starts_at": at(1, 10).isoformat()}),
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["code"] == "slot_taken"
    assert [b["id"] for b in client.get("/api/events/me/bookings").json()] == [made.json()["id"]]
    cancelled = client.post(f"/api/events/bookings/{made.json()['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
