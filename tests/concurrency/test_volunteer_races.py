"""Shifts with real threads on PostgreSQL: the last place goes to exactly one
volunteer; one volunteer signing up many times at once is on the shift once; a
code sent many times at once checks in once; of two volunteers accepting offers
of one place, exactly one gets it; two cancellations free one place."""

import datetime as dt

import pytest

from wenlan.core import clock
from wenlan.core.testing import race, race_all, race_marks, skip_unless_postgres
from wenlan.volunteers.enums import SignupStatus, SwapStatus
from wenlan.volunteers.errors import ShiftFullError, SwapRefusedError
from wenlan.volunteers.models import Shift, ShiftSignup, SwapOffer
from wenlan.volunteers.services import hours, signups
from wenlan.volunteers.tests.factories import BASE, ProfileFactory, ShiftFactory, SignupFactory

pytestmark = race_marks

BEFORE = BASE - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_one_place_left_many_volunteers_exactly_one_signs_up():
    shift = ShiftFactory(capacity=3)
    SignupFactory(shift=shift)
    SignupFactory(shift=shift)
    profiles = [ProfileFactory() for _ in range(8)]
    with clock.freeze(BEFORE):
        outcome = race(
            8, lambda n: signups.signup_create(actor=profiles[n].reader.user, shift_id=shift.pk)
        )
    assert len(outcome.wins) == 1
    assert len(outcome.losses) == 7
    assert all(isinstance(loss, ShiftFullError) for loss in outcome.losses)
    assert Shift.objects.get().signed_up_count == 3
    assert ShiftSignup.objects.filter(status=SignupStatus.SIGNED_UP).count() == 3


def test_one_volunteer_signing_up_many_times_at_once_is_on_once():
    shift = ShiftFactory(capacity=5)
    profile = ProfileFactory()
    with clock.freeze(BEFORE):
        outcome = race(
            6, lambda n: signups.signup_create(actor=profile.reader.user, shift_id=shift.pk)
        )
    assert outcome.losses == []
    assert sum(result.created for result in outcome.wins) == 1
    assert Shift.objects.get().signed_up_count == 1


def test_a_code_sent_many_times_at_once_checks_in_once():
    signup = SignupFactory(shift__checkin_code="RACE23")
    with clock.freeze(BASE + dt.timedelta(minutes=2)):
        outcome = race(
            6, lambda n: hours.shift_check_in(actor=signup.profile.reader.user, code="RACE23")
        )
    assert outcome.losses == []
    assert sum(result.created for result in outcome.wins) == 1


def test_two_acceptances_of_one_place_exactly_one_wins():
    signup = SignupFactory()
    first, second = ProfileFactory(), ProfileFactory()
    offers = [
        SwapOffer.objects.create(
            signup=signup, to_profile=p, status=SwapStatus.OFFERED, created_at=BEFORE
        )
        for p in (first, second)
    ]
    with clock.freeze(BEFORE):
        outcome = race_all(
            [
                lambda: signups.swap_accept(actor=first.reader.user, offer_id=offers[0].pk),
                lambda: signups.swap_accept(actor=second.reader.user, offer_id=offers[1].pk),
            ]
        )
    assert len(outcome.wins) == 1
    assert len(outcome.losses) == 1 and isinstance(outcome.losses[0], SwapRefusedError)
    assert ShiftSignup.objects.filter(status=SignupStatus.SIGNED_UP).count() == 1
    assert Shift.objects.get().signed_up_count == 1


def test_two_cancellations_free_one_place():
    signup = SignupFactory(shift__capacity=2)
    SignupFactory(shift=signup.shift)
    with clock.freeze(BEFORE):
        race(
            2,
            lambda n: signups.signup_cancel(actor=signup.profile.reader.user, signup_id=signup.pk),
        )
    assert Shift.objects.get().signed_up_count == 1


def test_a_check_in_and_an_acceptance_of_the_same_place_exactly_one_happens():
    signup = SignupFactory(shift__checkin_code="RACE45")
    other = ProfileFactory()
    offer = SwapOffer.objects.create(
        signup=signup, to_profile=other, status=SwapStatus.OFFERED, created_at=BEFORE
    )
    with clock.freeze(BASE - dt.timedelta(minutes=10)):
        outcome = race_all(
            [
                lambda: hours.shift_check_in(actor=signup.profile.reader.user, code="RACE45"),
                lambda: signups.swap_accept(actor=other.reader.user, offer_id=offer.pk),
            ]
        )
    assert len(outcome.wins) == 1 and len(outcome.losses) == 1
    signup.refresh_from_db()
    checked_in = signup.checked_in_at is not None
    assert checked_in == (signup.status == SignupStatus.SIGNED_UP)
    assert ShiftSignup.objects.filter(status=SignupStatus.SIGNED_UP).count() == 1
