import datetime as dt

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.notices.models import Notice
from wenlan.volunteers.enums import ProfileStatus, SignupStatus, SwapStatus
from wenlan.volunteers.errors import (
    NotApprovedError,
    NotQualifiedError,
    ShiftClosedError,
    ShiftFullError,
    SwapRefusedError,
)
from wenlan.volunteers.models import Shift, ShiftSignup
from wenlan.volunteers.services import shifts, signups
from wenlan.volunteers.tests.factories import (
    BASE,
    OpportunityFactory,
    ProfileFactory,
    ShiftFactory,
    SignupFactory,
)

pytestmark = pytest.mark.django_db

BEFORE = BASE - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _a_day_before():
    with clock.freeze(BEFORE):
        yield


def test_an_approved_volunteer_signs_up_once():
    shift, profile = ShiftFactory(capacity=2), ProfileFactory()
    first = signups.signup_create(actor=profile.reader.user, shift_id=shift.pk)
    again = signups.signup_create(actor=profile.reader.user, shift_id=shift.pk)
    assert (first.created, again.created, again.signup) == (True, False, first.signup)
    assert Shift.objects.get().signed_up_count == 1


def test_a_full_shift_takes_no_one_more():
    shift = ShiftFactory(capacity=1)
    SignupFactory(shift=shift)
    late = ProfileFactory()
    with pytest.raises(ShiftFullError):
        signups.signup_create(actor=late.reader.user, shift_id=shift.pk)
    assert Shift.objects.get().signed_up_count == 1
    assert not ShiftSignup.objects.filter(profile=late).exists()


def test_an_applicant_not_yet_approved_cannot_sign_up():
    profile = ProfileFactory(status=ProfileStatus.APPLIED)
    with pytest.raises(NotApprovedError):
        signups.signup_create(actor=profile.reader.user, shift_id=ShiftFactory().pk)


def test_requirements_are_checked():
    shift = ShiftFactory(
        opportunity=OpportunityFactory(
            needs_skills=",legal_advice,", needs_trainings=",orientation,"
        )
    )
    with pytest.raises(NotQualifiedError):
        signups.signup_create(actor=ProfileFactory().reader.user, shift_id=shift.pk)
    lawyer = ProfileFactory(skills=",legal_advice,")
    assert signups.signup_create(actor=lawyer.reader.user, shift_id=shift.pk).created


def test_a_started_or_cancelled_shift_is_closed():
    profile = ProfileFactory()
    with clock.freeze(BASE + dt.timedelta(minutes=1)), pytest.raises(ShiftClosedError):
        signups.signup_create(actor=profile.reader.user, shift_id=ShiftFactory().pk)
    with pytest.raises(ShiftClosedError):
        signups.signup_create(
            actor=profile.reader.user, shift_id=ShiftFactory(is_cancelled=True).pk
        )


def test_cancelling_frees_the_place_once():
    signup = SignupFactory()
    signups.signup_cancel(actor=signup.profile.reader.user, signup_id=signup.pk)
    signups.signup_cancel(actor=signup.profile.reader.user, signup_id=signup.pk)
    assert Shift.objects.get().signed_up_count == 0
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED


def test_another_volunteer_cannot_cancel_mine():
    signup = SignupFactory()
    with pytest.raises(PermissionDeniedError):
        signups.signup_cancel(actor=ProfileFactory().reader.user, signup_id=signup.pk)
    assert Shift.objects.get().signed_up_count == 1


def test_a_swap_offered_and_accepted_changes_hands_and_tells_both():
    signup = SignupFactory()
    other = ProfileFactory()
    offer = signups.swap_offer(
        actor=signup.profile.reader.user,
        signup_id=signup.pk,
        card_number=other.reader.card_number,
    )
    assert Notice.objects.get(reader=other.reader).params["what"] == "swap_offered"
    mine = signups.swap_accept(actor=other.reader.user, offer_id=offer.pk)
    signup.refresh_from_db()
    offer.refresh_from_db()
    assert (signup.status, mine.profile, offer.status) == (
        SignupStatus.SWAPPED,
        other,
        SwapStatus.ACCEPTED,
    )
    assert Shift.objects.get().signed_up_count == 1
    assert Notice.objects.get(reader=signup.profile.reader).params["what"] == "swap_accepted"
    with pytest.raises(SwapRefusedError):
        signups.swap_accept(actor=other.reader.user, offer_id=offer.pk)


def test_a_swap_to_an_unqualified_volunteer_is_refused():
    shift = ShiftFactory(opportunity=OpportunityFactory(needs_trainings=",first_aid,"))
    signup = SignupFactory(shift=shift, profile=ProfileFactory(trainings=",first_aid,"))
    other = ProfileFactory(trainings="")
    with pytest.raises(NotQualifiedError):
        signups.swap_offer(
            actor=signup.profile.reader.user,
            signup_id=signup.pk,
            card_number=other.reader.card_number,
        )
    assert not signup.swap_offers.exists()


def test_a_cancelled_shift_tells_its_volunteers(settings):
    coordinator = staff_with_role(Role.VOLUNTEER_COORDINATOR)
    signup = SignupFactory()
    shifts.shift_cancel(actor=coordinator, shift_id=signup.shift_id, reason="闭馆检修")
    shifts.shift_cancel(actor=coordinator, shift_id=signup.shift_id, reason="闭馆检修")
    notice = Notice.objects.get(reader=signup.profile.reader)
    assert (notice.kind, notice.params["what"], notice.params["reason"]) == (
        "volunteer_shift",
        "shift_cancelled",
        "闭馆检修",
    )
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED


def test_a_moved_shift_tells_its_volunteers():
    coordinator = staff_with_role(Role.VOLUNTEER_COORDINATOR)
    signup = SignupFactory()
    shifts.shift_reschedule(
        actor=coordinator,
        shift_id=signup.shift_id,
        starts_at=BASE + dt.timedelta(hours=1),
        ends_at=BASE + dt.timedelta(hours=4),
    )
    assert Notice.objects.get(reader=signup.profile.reader).params["what"] == "shift_changed"
