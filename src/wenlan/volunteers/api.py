"""`/api/volunteers/...`: open shifts, a volunteer's sign-ups (sign up, cancel),
their approved hours and star level, and a certificate's public check."""

from ninja import Router, Status

from wenlan.core.errors import NotFoundError
from wenlan.core.ids import RowId
from wenlan.patrons.selectors import reader_of
from wenlan.volunteers.models import Shift, ShiftSignup
from wenlan.volunteers.schemas import (
    HoursCertificateCheckOut,
    ShiftOut,
    ShiftSignupOut,
    VolunteerHoursOut,
)
from wenlan.volunteers.selectors import shifts as shift_selectors
from wenlan.volunteers.selectors.certificates import certificate_verify
from wenlan.volunteers.selectors.hours import hours_summary
from wenlan.volunteers.selectors.profiles import profile_of_reader
from wenlan.volunteers.services import signups

router = Router(tags=["volunteers"])


def _shift_out(shift: Shift) -> dict:
    return {
        "id": shift.pk,
        "project": shift.opportunity.title,
        "library": shift.opportunity.library.code,
        "district": shift.opportunity.district,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "capacity": shift.capacity,
        "places_left": shift.places_left,
        "event_occurrence_id": shift.occurrence_id,
    }


def _signup_out(signup: ShiftSignup) -> dict:
    return {
        "id": signup.pk,
        "shift_id": signup.shift_id,
        "status": signup.status,
        "created_at": signup.created_at,
        "checked_in_at": signup.checked_in_at,
        "checked_out_at": signup.checked_out_at,
        "hours_status": signup.hours_status,
        "approved_minutes": signup.approved_minutes,
    }


def _my_profile(request):
    reader = reader_of(request.auth)
    profile = profile_of_reader(reader_id=reader.pk) if reader else None
    if profile is None:
        raise NotFoundError()  # as every "me" list: a caller who is no volunteer has none
    return profile


@router.get("/shifts", response=list[ShiftOut], auth=None, summary="Upcoming open shifts")
def shifts(request):
    return [_shift_out(shift) for shift in shift_selectors.shift_list_open()]


@router.post(
    "/shifts/{shift_id}/signups",
    response={200: ShiftSignupOut, 201: ShiftSignupOut},
    summary="Sign up for a shift (an approved volunteer who meets its requirements)",
)
def signup_create(request, shift_id: RowId):
    result = signups.signup_create(actor=request.auth, shift_id=shift_id)
    return Status(201 if result.created else 200, _signup_out(result.signup))


@router.get("/me/signups", response=list[ShiftSignupOut], summary="My shifts")
def my_signups(request):
    profile = _my_profile(request)
    return [_signup_out(s) for s in shift_selectors.signups_of_profile(profile_id=profile.pk)]


@router.get("/me/hours", response=VolunteerHoursOut, summary="My approved hours and star level")
def my_hours(request):
    summary = hours_summary(profile_id=_my_profile(request).pk)
    return {
        "approved_minutes": summary.minutes,
        "stars": summary.stars,
        "hours_to_next_star": summary.to_next_star,
    }


@router.post(
    "/signups/{signup_id}/cancel",
    response=ShiftSignupOut,
    summary="Cancel a sign-up before checking in (the place frees up)",
)
def signup_cancel(request, signup_id: RowId):
    return _signup_out(signups.signup_cancel(actor=request.auth, signup_id=signup_id))


@router.get(
    "/certificates/{code}",
    response=HoursCertificateCheckOut,
    auth=None,
    summary="Whether a certificate of hours is genuine: hours, date and masked holder only",
)
def certificate_check(request, code: str):
    result = certificate_verify(code=code[:64])
    return {
        "genuine": result.genuine,
        "hours": result.hours or None,
        "issued_on": result.issued_on,
        "holder": result.holder_masked,
    }
