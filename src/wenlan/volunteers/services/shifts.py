"""Projects and their shifts, made, changed and cancelled by a coordinator; the
volunteers on a changed or cancelled shift are told."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.core.models import AuditAction
from wenlan.volunteers import locks, policies
from wenlan.volunteers.enums import SignupStatus, SwapStatus
from wenlan.volunteers.models import Opportunity, Shift, ShiftSignup, SwapOffer
from wenlan.volunteers.permissions import ensure_can_coordinate
from wenlan.volunteers.services.notify import shift_notice
from wenlan.volunteers.services.staff_audit import staff_audit


@dataclass(frozen=True)
class OpportunityData:
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    library_id: int
    district: str
    needs_skills: list[str]
    needs_trainings: list[str]


@transaction.atomic
def opportunity_create(*, actor, data: OpportunityData) -> Opportunity:
    ensure_can_coordinate(actor)
    return Opportunity.objects.create(
        title_zh=data.title_zh.strip(),
        title_en=data.title_en.strip(),
        description_zh=data.description_zh.strip(),
        description_en=data.description_en.strip(),
        library_id=data.library_id,
        district=data.district,
        needs_skills=policies.tags_encode(data.needs_skills),
        needs_trainings=policies.tags_encode(data.needs_trainings),
    )


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError(field="ends_at")
    if ends_at - starts_at > dt.timedelta(hours=24):
        raise ValidationError(field="ends_at")


@transaction.atomic
def shift_create(
    *,
    actor,
    opportunity_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    occurrence_id: int | None = None,
) -> Shift:
    ensure_can_coordinate(actor)
    if not Opportunity.objects.filter(pk=opportunity_id).exists():
        raise NotFoundError()
    _check_times(starts_at, ends_at)
    if capacity < 1:
        raise ValidationError(field="capacity")
    for _attempt in range(5):  # a code drawn twice is drawn again
        try:
            with transaction.atomic():
                return Shift.objects.create(
                    opportunity_id=opportunity_id,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    capacity=capacity,
                    occurrence_id=occurrence_id,
                    checkin_code=policies.code_new(policies.CHECKIN_CODE_LENGTH),
                )
        except IntegrityError:
            continue
    raise ValidationError()


def _active(shift: Shift) -> list[ShiftSignup]:
    return list(shift.signups.filter(status=SignupStatus.SIGNED_UP).select_related("profile"))


@transaction.atomic
def shift_reschedule(
    *, actor, shift_id: int, starts_at: dt.datetime, ends_at: dt.datetime
) -> Shift:
    """New times for a shift; its volunteers are told."""
    ensure_can_coordinate(actor)
    _check_times(starts_at, ends_at)
    shift = locks.shift_lock(shift_id=shift_id)
    if shift is None:
        raise NotFoundError()
    if shift.is_cancelled:
        raise ValidationError()
    if (shift.starts_at, shift.ends_at) == (starts_at, ends_at):
        return shift
    shift.starts_at, shift.ends_at = starts_at, ends_at
    shift.save(update_fields=["starts_at", "ends_at"])
    stamp = f"{starts_at:%Y%m%d%H%M}-{ends_at:%Y%m%d%H%M}"
    for signup in _active(shift):
        shift_notice(
            reader_id=signup.profile.reader_id,
            shift=shift,
            what="shift_changed",
            key=f"signup:{signup.pk}:changed:{stamp}",
        )
    return shift


@transaction.atomic
def shift_cancel(*, actor, shift_id: int, reason: str) -> Shift:
    """The shift is off: its sign-ups are cancelled, open swap offers withdrawn,
    and each volunteer told. Cancelling twice changes nothing the second time."""
    ensure_can_coordinate(actor)
    shift = locks.shift_lock(shift_id=shift_id)
    if shift is None:
        raise NotFoundError()
    if shift.is_cancelled:
        return shift
    now = clock.now()
    signups = _active(shift)
    for signup in signups:
        signup.status = SignupStatus.CANCELLED
        signup.cancelled_at = now
        signup.save(update_fields=["status", "cancelled_at"])
        shift_notice(
            reader_id=signup.profile.reader_id,
            shift=shift,
            what="shift_cancelled",
            key=f"signup:{signup.pk}:cancelled",
            reason=reason.strip()[:300],
        )
    SwapOffer.objects.filter(signup__shift=shift, status=SwapStatus.OFFERED).update(
        status=SwapStatus.WITHDRAWN, decided_at=now
    )
    shift.is_cancelled = True
    shift.cancel_reason = reason.strip()[:300]
    shift.signed_up_count = 0
    shift.save(update_fields=["is_cancelled", "cancel_reason", "signed_up_count"])
    staff_audit(actor=actor, action=AuditAction.CHANGE, subject=shift, fields=["is_cancelled"])
    return shift
