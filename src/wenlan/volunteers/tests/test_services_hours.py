import datetime as dt

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.notices.models import Notice
from wenlan.volunteers.enums import HoursStatus
from wenlan.volunteers.errors import CheckInRefusedError, HoursInvalidError, NoHoursError
from wenlan.volunteers.selectors.certificates import certificate_verify
from wenlan.volunteers.selectors.hours import hours_summary
from wenlan.volunteers.services import certificates, hours
from wenlan.volunteers.tests.factories import BASE, ProfileFactory, SignupFactory

pytestmark = pytest.mark.django_db


def _at(minutes: int):
    return clock.freeze(BASE + dt.timedelta(minutes=minutes))


@pytest.fixture
def coordinator():
    return staff_with_role(Role.VOLUNTEER_COORDINATOR)


def test_check_in_and_out_with_the_code_a_second_use_counts_once():
    signup = SignupFactory(shift__checkin_code="ABC234")
    user = signup.profile.reader.user
    with _at(-10):
        assert hours.shift_check_in(actor=user, code="abc 234").created
    with _at(5):
        assert not hours.shift_check_in(actor=user, code="ABC234").created
    with _at(170):
        assert hours.shift_check_out(actor=user, code="ABC234").created
    with _at(175):
        assert not hours.shift_check_out(actor=user, code="ABC234").created
    signup.refresh_from_db()
    assert signup.checked_in_at == BASE - dt.timedelta(minutes=10)
    assert signup.worked_minutes == 180


def test_check_in_is_refused_outside_the_window_or_not_signed_up():
    signup = SignupFactory(shift__checkin_code="ABC234")
    with _at(-31), pytest.raises(CheckInRefusedError):
        hours.shift_check_in(actor=signup.profile.reader.user, code="ABC234")
    with _at(0), pytest.raises(CheckInRefusedError):
        hours.shift_check_in(actor=ProfileFactory().reader.user, code="ABC234")
    with _at(0), pytest.raises(CheckInRefusedError):
        hours.shift_check_in(actor=signup.profile.reader.user, code="NOPE99")
    with _at(0), pytest.raises(CheckInRefusedError):
        hours.shift_check_out(actor=signup.profile.reader.user, code="ABC234")
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def _served(minutes=180, **kwargs):
    return SignupFactory(
        checked_in_at=BASE,
        checked_out_at=BASE + dt.timedelta(minutes=minutes),
        worked_minutes=minutes,
        **kwargs,
    )


def test_the_coordinator_approves_and_the_volunteer_is_told(coordinator):
    signup = _served()
    hours.hours_approve(actor=coordinator, signup_id=signup.pk)
    signup.refresh_from_db()
    assert (signup.hours_status, signup.approved_minutes) == (HoursStatus.APPROVED, 180)
    notice = Notice.objects.get(reader=signup.profile.reader)
    assert (notice.params["what"], notice.params["hours"]) == ("hours_approved", "3.0")


def test_a_correction_needs_a_reason(coordinator):
    signup = _served()
    with pytest.raises(HoursInvalidError):
        hours.hours_approve(actor=coordinator, signup_id=signup.pk, minutes=200)
    signup.refresh_from_db()
    assert signup.hours_status == HoursStatus.PENDING
    hours.hours_approve(actor=coordinator, signup_id=signup.pk, minutes=200, reason="延时布展")
    signup.refresh_from_db()
    assert (signup.approved_minutes, signup.correction_reason) == (200, "延时布展")


def test_a_volunteer_cannot_approve_their_own_hours():
    signup = _served()
    with pytest.raises(PermissionDeniedError):
        hours.hours_approve(actor=signup.profile.reader.user, signup_id=signup.pk)
    signup.refresh_from_db()
    assert signup.hours_status == HoursStatus.PENDING


def test_stars_come_from_approved_hours_only():
    profile = ProfileFactory()
    _served(profile=profile, hours_status=HoursStatus.APPROVED, approved_minutes=100 * 60)
    _served(profile=profile)  # pending
    summary = hours_summary(profile_id=profile.pk)
    assert (summary.minutes, summary.stars, summary.to_next_star) == (6000, 1, 200)


def test_a_certificate_states_the_approved_hours_and_verifies():
    profile = ProfileFactory(reader__name="王芳")
    with pytest.raises(NoHoursError):
        certificates.certificate_issue(actor=profile.reader.user)
    _served(profile=profile, hours_status=HoursStatus.APPROVED, approved_minutes=150)
    first = certificates.certificate_issue(actor=profile.reader.user)
    assert certificates.certificate_issue(actor=profile.reader.user) == first
    result = certificate_verify(code=first.code.lower())
    assert (result.genuine, result.hours, result.holder_masked) == (True, "2.5", "王*")
    assert not certificate_verify(code="NOSUCHCODE").genuine


def test_a_coordinators_approval_is_audited_the_systems_is_not(coordinator):
    from wenlan.accounts.actors import SYSTEM
    from wenlan.core.models import AuditEntry

    hours.hours_approve(actor=SYSTEM, signup_id=_served().pk)
    assert not AuditEntry.objects.exists()
    hours.hours_approve(actor=coordinator, signup_id=_served().pk)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.fields) == (
        coordinator,
        "change",
        ["approved_minutes"],
    )
