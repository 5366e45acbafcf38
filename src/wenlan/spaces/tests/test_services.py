import datetime as dt

import pytest
from django.db import IntegrityError

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import PermissionDeniedError
from wenlan.events.enums import RegistrationStatus
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, RegistrationFactory
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.spaces.enums import BookingStatus
from wenlan.spaces.errors import (
    InductionRequiredError,
    NoReaderCardError,
    SlotNotBookableError,
    SlotTakenError,
    WeeklyLimitError,
)
from wenlan.spaces.models import Booking
from wenlan.spaces.services import booking_cancel, booking_check_in, booking_create
from wenlan.spaces.tests.factories import BookingFactory, ResourceFactory, at

pytestmark = pytest.mark.django_db


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
    occurrence = OccurrenceFactory(event=induction)
    signed_up = RegistrationFactory(reader=reader, occurrence=occurrence)
    with pytest.raises(InductionRequiredError):  # signed up is not attended
        booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(1, 9))
    assert not Booking.objects.exists()
    signed_up.status = RegistrationStatus.ATTENDED
    signed_up.save()
    assert booking_create(actor=reader.user, resource_id=resource.pk, starts_at=at(1, 9)).pk


def test_booking_needs_a_reader_card():
    resource = ResourceFactory()
    staff = staff_with_role(Role.BRANCH_LIBRARIAN, library=resource.library)
    with pytest.raises(NoReaderCardError) as refused:
        booking_create(actor=staff, resource_id=resource.pk, starts_at=at(1, 10))
    assert str(refused.value) == "预约需要绑定读者卡。"
    assert not Booking.objects.exists()


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
