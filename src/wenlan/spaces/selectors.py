"""What readers and the staff at the door see of the spaces: the bookable resources,
their coming days' slots, a reader's bookings and a library's bookings of the day."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope, partner_scope
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.patrons.selectors import reader_of
from wenlan.spaces.enums import ACTIVE_BOOKING_STATUSES
from wenlan.spaces.models import Booking, Resource
from wenlan.spaces.policies import slot_starts


@dataclass
class Slot:
    starts_at: dt.datetime
    state: str  # free | taken | mine | past
    booking_id: int | None = None


@dataclass
class SlotDay:
    date: dt.date
    slots: list[Slot]


def resource_list_public() -> QuerySet[Resource]:
    return Resource.objects.filter(is_active=True).select_related("library", "induction_event")


def resource_get_public(*, slug: str) -> Resource:
    resource = resource_list_public().filter(slug=slug).first()
    if resource is None:
        raise NotFoundError()
    return resource


def resource_days(*, resource: Resource, actor, days: int = 7) -> list[SlotDay]:
    """The coming days' slots of a resource: free, taken, or the actor's own."""
    now = clock.now()
    today = clock.today()
    horizon = min(days, resource.booking_days_ahead + 1)
    tz = timezone.get_current_timezone()
    bookings = {
        b.starts_at: b
        for b in Booking.objects.filter(
            resource=resource,
            status__in=ACTIVE_BOOKING_STATUSES,
            starts_at__gte=clock.day_start(today),
            starts_at__lt=clock.day_start(today + dt.timedelta(days=horizon)),
        )
    }
    reader = reader_of(actor)
    result = []
    for offset in range(horizon):
        day = today + dt.timedelta(days=offset)
        if day.weekday() not in resource.weekdays:
            continue
        slots = []
        for start in slot_starts(
            day,
            opens=resource.day_opens,
            closes=resource.day_closes,
            minutes=resource.slot_minutes,
            tzinfo=tz,
        ):
            booking = bookings.get(start)
            if booking is not None and reader is not None and booking.reader_id == reader.pk:
                slots.append(Slot(start, "mine", booking.pk))
            elif booking is not None:
                slots.append(Slot(start, "taken"))
            elif start <= now:
                slots.append(Slot(start, "past"))
            else:
                slots.append(Slot(start, "free"))
        result.append(SlotDay(day, slots))
    return result


def booking_list_own(*, actor) -> list[Booking]:
    reader = reader_of(actor)
    if reader is None:
        return []
    return list(
        Booking.objects.filter(reader=reader, starts_at__gte=clock.day_start(clock.today()))
        .select_related("resource__library")
        .order_by("starts_at")
    )


def booking_get_own(*, actor, booking_id: int) -> Booking:
    """One of the actor's own bookings, for the page that asks before cancelling."""
    reader = reader_of(actor)
    booking = Booking.objects.select_related("resource__library").filter(pk=booking_id).first()
    if booking is None:
        raise NotFoundError()
    if reader is None or reader.pk != booking.reader_id:
        raise PermissionDeniedError()
    return booking


def bookings_for_checkin(*, actor, day: dt.date) -> list[Booking]:
    scope = library_scope(actor, Perm.EVENT_CHECKIN)
    partners = partner_scope(actor, Perm.EVENT_CHECKIN)
    bookings = (
        Booking.objects.filter(
            starts_at__gte=clock.day_start(day),
            starts_at__lt=clock.day_start(day + dt.timedelta(days=1)),
        )
        .select_related("resource__library", "reader")
        .order_by("starts_at", "resource__slug")
    )
    if scope is None and partners is None:
        return list(bookings)
    if scope is None or partners:
        return []  # a partner organiser keeps no library's rooms
    return list(bookings.filter(resource__library_id__in=scope))
