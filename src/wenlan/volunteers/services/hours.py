"""Check-in and check-out at a shift with its code (typed, or read from the QR the
coordinator shows), the minutes worked, and the coordinator's approval or
correction of them. The sign-up's row is locked, then read again: a code used
twice counts once."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.core.models import AuditAction
from wenlan.volunteers import locks, policies
from wenlan.volunteers.enums import HoursStatus, SignupStatus
from wenlan.volunteers.errors import CheckInRefusedError, HoursInvalidError
from wenlan.volunteers.models import Shift, ShiftSignup, VolunteerProfile
from wenlan.volunteers.permissions import ensure_can_coordinate
from wenlan.volunteers.services.notify import shift_notice
from wenlan.volunteers.services.profiles import acting_reader_id
from wenlan.volunteers.services.staff_audit import staff_audit

MAX_MINUTES_PER_SHIFT = 24 * 60


@dataclass(frozen=True)
class PunchResult:
    signup: ShiftSignup
    created: bool


def _my_signup(actor, code: str) -> ShiftSignup:
    reader_id = acting_reader_id(actor)
    shift = Shift.objects.filter(checkin_code=policies.code_normalise(code)).first()
    if shift is None or shift.is_cancelled:
        raise CheckInRefusedError()
    profile = VolunteerProfile.objects.filter(reader_id=reader_id).first()
    found = (
        ShiftSignup.objects.filter(shift=shift, profile=profile, status=SignupStatus.SIGNED_UP)
        .values_list("pk", flat=True)
        .first()
        if profile is not None
        else None
    )
    signup = locks.signup_lock(signup_id=found) if found is not None else None
    # Read again under the lock: cancelled or swapped away a moment ago is not signed up.
    if signup is None or signup.status != SignupStatus.SIGNED_UP:
        raise CheckInRefusedError(_("您没有报名这个班次。"))
    return signup


@transaction.atomic
def shift_check_in(*, actor, code: str) -> PunchResult:
    """From half an hour before the shift until its end."""
    signup = _my_signup(actor, code)
    if signup.checked_in_at is not None:
        return PunchResult(signup, False)
    shift = signup.shift
    now = clock.now()
    if not policies.check_in_open(starts_at=shift.starts_at, ends_at=shift.ends_at, now=now):
        raise CheckInRefusedError(_("现在不是这个班次的签到时间。"))
    signup.checked_in_at = now
    signup.save(update_fields=["checked_in_at"])
    return PunchResult(signup, True)


@transaction.atomic
def shift_check_out(*, actor, code: str) -> PunchResult:
    """After checking in, until two hours after the shift's end; the minutes worked
    are the time between the two."""
    signup = _my_signup(actor, code)
    if signup.checked_in_at is None:
        raise CheckInRefusedError(_("请先签到。"))
    if signup.checked_out_at is not None:
        return PunchResult(signup, False)
    now = clock.now()
    if not policies.check_out_open(ends_at=signup.shift.ends_at, now=now):
        raise CheckInRefusedError(_("签退时间已过，请联系协调员登记时长。"))
    signup.checked_out_at = now
    signup.worked_minutes = policies.worked_minutes(signup.checked_in_at, now)
    signup.save(update_fields=["checked_out_at", "worked_minutes"])
    return PunchResult(signup, True)


@transaction.atomic
def hours_approve(
    *, actor, signup_id: int, minutes: int | None = None, reason: str = ""
) -> ShiftSignup:
    """The coordinator approves the minutes worked, or other minutes with a reason
    (a volunteer who forgot to check out, a shift that ran long). Approving again
    is a correction and needs a reason too; the volunteer is told each time."""
    ensure_can_coordinate(actor)
    signup = locks.signup_lock(signup_id=signup_id)
    if signup is None:
        raise NotFoundError()
    if signup.status != SignupStatus.SIGNED_UP:
        raise HoursInvalidError(_("该报名已取消或已换班。"))
    reason = reason.strip()[:300]
    if minutes is None:
        if signup.worked_minutes is None:
            raise HoursInvalidError(_("该志愿者尚未签退，请填写认定时长并说明原因。"))
        minutes = signup.worked_minutes
    if not 0 <= minutes <= MAX_MINUTES_PER_SHIFT:
        raise HoursInvalidError(field="minutes")
    corrected = minutes != signup.worked_minutes or signup.hours_status == HoursStatus.APPROVED
    if corrected and not reason:
        raise HoursInvalidError(_("更正时长须说明原因。"), field="reason")
    signup.approved_minutes = minutes
    signup.hours_status = HoursStatus.APPROVED
    signup.correction_reason = reason
    signup.approved_at = clock.now()
    signup.approved_by = acting_user(actor)
    signup.save(
        update_fields=[
            "approved_minutes",
            "hours_status",
            "correction_reason",
            "approved_at",
            "approved_by",
        ]
    )
    staff_audit(
        actor=actor,
        action=AuditAction.CHANGE,
        subject=signup,
        fields=["approved_minutes"],
    )
    shift_notice(
        reader_id=signup.profile.reader_id,
        shift=signup.shift,
        what="hours_approved",
        key=f"signup:{signup.pk}:hours:{minutes}",
        hours=policies.hours_display(minutes),
    )
    return signup
