"""Bookings of the maker space's machines and of rooms: one slot per booking, the
resource's row locked while the rules are checked (induction attended, hours per
week, slot free). Staff of the resource's library check bookings in and keep the
resources, with the event managers' and door staff's rights (`Perm.EVENT_MANAGE`,
`Perm.EVENT_CHECKIN`)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can_on_organiser, ensure_can_on_organiser
from wenlan.core import attendance, clock
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.core.models import model_full_clean
from wenlan.patrons.selectors import reader_for_user
from wenlan.spaces import locks
from wenlan.spaces.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from wenlan.spaces.errors import (
    InductionRequiredError,
    NoReaderCardError,
    SlotNotBookableError,
    SlotTakenError,
    WeeklyLimitError,
)
from wenlan.spaces.models import Booking, Resource
from wenlan.spaces.policies import slot_starts, week_bounds


def resource_slot_valid(resource: Resource, starts_at: dt.datetime) -> bool:
    local = timezone.localtime(starts_at)
    if local.weekday() not in resource.weekdays:
        return False
    return local in slot_starts(
        local.date(),
        opens=resource.day_opens,
        closes=resource.day_closes,
        minutes=resource.slot_minutes,
        tzinfo=local.tzinfo,
    )


def reader_has_induction(*, reader_id: int, resource: Resource) -> bool:
    if resource.induction_event_id is None:
        return True
    return attendance.reader_attended(reader_id=reader_id, event_id=resource.induction_event_id)


@transaction.atomic
def booking_create(*, actor, resource_id: int, starts_at: dt.datetime) -> Booking:
    reader = reader_for_user(user=acting_user(actor))
    if reader is None:
        raise NoReaderCardError()
    now = clock.now()
    resource = locks.resource_lock(resource_id=resource_id)
    if resource is None or not resource.is_active:
        raise NotFoundError()
    if (
        not resource_slot_valid(resource, starts_at)
        or starts_at <= now
        or (starts_at > now + dt.timedelta(days=resource.booking_days_ahead))
    ):
        raise SlotNotBookableError()
    if not reader_has_induction(reader_id=reader.pk, resource=resource):
        raise InductionRequiredError(
            _("使用%(name)s前须参加安全培训：%(event)s。")
            % {"name": resource.name, "event": resource.induction_event.title}
        )
    week_start, week_end = week_bounds(timezone.localtime(starts_at))
    booked_minutes = (
        Booking.objects.filter(
            resource=resource,
            reader=reader,
            status__in=ACTIVE_BOOKING_STATUSES,
            starts_at__gte=week_start,
            starts_at__lt=week_end,
        ).count()
        * resource.slot_minutes
    )
    if booked_minutes + resource.slot_minutes > resource.max_hours_per_week * 60:
        raise WeeklyLimitError(
            _("%(name)s每人每周最多预约 %(hours)d 小时。")
            % {"name": resource.name, "hours": resource.max_hours_per_week}
        )
    if Booking.objects.filter(
        resource=resource, starts_at=starts_at, status__in=ACTIVE_BOOKING_STATUSES
    ).exists():
        raise SlotTakenError()
    try:
        with transaction.atomic():
            return Booking.objects.create(
                resource=resource,
                reader=reader,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=resource.slot_minutes),
                created_at=now,
            )
    except IntegrityError as error:
        raise SlotTakenError() from error


def _booking(booking_id: int) -> Booking:
    booking = Booking.objects.select_related("resource").filter(pk=booking_id).first()
    if booking is None:
        raise NotFoundError()
    return booking


def _staff_may(actor, perm: Perm, booking: Booking) -> bool:
    return can_on_organiser(actor, perm, library_id=booking.resource.library_id, partner_id=None)


@transaction.atomic
def booking_cancel(*, actor, booking_id: int) -> Booking:
    booking = _booking(booking_id)
    reader = reader_for_user(user=acting_user(actor))
    if (reader is None or reader.pk != booking.reader_id) and not _staff_may(
        actor, Perm.EVENT_MANAGE, booking
    ):
        raise PermissionDeniedError()
    locks.resource_lock(resource_id=booking.resource_id)
    booking.refresh_from_db()
    if booking.status != BookingStatus.BOOKED:
        return booking
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = clock.now()
    booking.save(update_fields=["status", "cancelled_at"])
    return booking


@transaction.atomic
def booking_check_in(*, actor, booking_id: int) -> Booking:
    booking = _booking(booking_id)
    if not _staff_may(actor, Perm.EVENT_CHECKIN, booking):
        raise PermissionDeniedError()
    if booking.status != BookingStatus.BOOKED:
        raise SlotNotBookableError(
            _("该预约不能签到（%(status)s）。") % {"status": booking.get_status_display()}
        )
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = clock.now()
    booking.save(update_fields=["status", "checked_in_at"])
    return booking


@transaction.atomic
def resource_save(*, actor, resource: Resource) -> Resource:
    """Saves a resource edited by staff of its library (the admin's form)."""
    if resource.pk:
        stored = Resource.objects.get(pk=resource.pk)
        ensure_can_on_organiser(
            actor, Perm.EVENT_MANAGE, library_id=stored.library_id, partner_id=None
        )
    ensure_can_on_organiser(
        actor, Perm.EVENT_MANAGE, library_id=resource.library_id, partner_id=None
    )
    model_full_clean(resource, exclude=["library", "induction_event"])
    resource.save()
    return resource
