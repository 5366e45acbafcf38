"""Signing up for a shift, cancelling, and swapping a place with another qualified
volunteer. The shift's row is locked first, then every rule is read again: a full
shift never takes one more, and of two acceptances of one place exactly one wins."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from wenlan.patrons.selectors import reader_of
from wenlan.volunteers import locks, policies
from wenlan.volunteers.enums import ProfileStatus, SignupStatus, SwapStatus
from wenlan.volunteers.errors import (
    NotApprovedError,
    NotQualifiedError,
    ShiftClosedError,
    ShiftFullError,
    SwapRefusedError,
)
from wenlan.volunteers.models import Shift, ShiftSignup, SwapOffer, VolunteerProfile
from wenlan.volunteers.permissions import can_coordinate
from wenlan.volunteers.services.notify import shift_notice
from wenlan.volunteers.services.profiles import acting_reader_id


@dataclass(frozen=True)
class SignupResult:
    signup: ShiftSignup
    created: bool


def _approved_profile(actor) -> VolunteerProfile:
    reader_id = acting_reader_id(actor)
    profile = VolunteerProfile.objects.filter(reader_id=reader_id).first()
    if profile is None or profile.status != ProfileStatus.APPROVED:
        raise NotApprovedError()
    return profile


def qualification_of(profile: VolunteerProfile, shift: Shift) -> policies.Qualification:
    return policies.qualification(
        skills=set(policies.tags_decode(profile.skills)),
        trainings=set(policies.tags_decode(profile.trainings)),
        needs_skills=set(policies.tags_decode(shift.opportunity.needs_skills)),
        needs_trainings=set(policies.tags_decode(shift.opportunity.needs_trainings)),
    )


def _open_for_change(shift: Shift) -> None:
    if shift.is_cancelled or not shift.opportunity.is_open or shift.starts_at <= clock.now():
        raise ShiftClosedError()


def _active_signup(shift: Shift, profile_id: int) -> ShiftSignup | None:
    return ShiftSignup.objects.filter(
        shift=shift, profile_id=profile_id, status=SignupStatus.SIGNED_UP
    ).first()


@transaction.atomic
def signup_create(*, actor, shift_id: int) -> SignupResult:
    """The signed-in, approved volunteer takes a place; asking again while signed up
    returns the same sign-up."""
    profile = _approved_profile(actor)
    shift = locks.shift_lock(shift_id=shift_id)
    if shift is None:
        raise NotFoundError()
    existing = _active_signup(shift, profile.pk)
    if existing is not None:
        return SignupResult(existing, False)
    _open_for_change(shift)
    if not qualification_of(profile, shift).qualified:
        raise NotQualifiedError()
    if shift.places_left == 0:
        raise ShiftFullError()
    try:
        with transaction.atomic():
            signup = ShiftSignup.objects.create(
                shift=shift,
                profile=profile,
                status=SignupStatus.SIGNED_UP,
                created_at=clock.now(),
            )
    except IntegrityError as error:  # unreachable under the shift's lock
        raise ConflictError() from error
    shift.signed_up_count += 1
    shift.save(update_fields=["signed_up_count"])
    return SignupResult(signup, True)


@transaction.atomic
def signup_cancel(*, actor, signup_id: int) -> ShiftSignup:
    """By the volunteer, or a coordinator, before they check in. Two cancellations
    free one place; open swap offers of the place are withdrawn."""
    found = ShiftSignup.objects.filter(pk=signup_id).values("shift_id", "profile_id").first()
    if found is None:
        raise NotFoundError()
    reader = reader_of(actor)
    own = (
        reader is not None
        and VolunteerProfile.objects.filter(pk=found["profile_id"], reader_id=reader.pk).exists()
    )
    if not own and not can_coordinate(actor):
        raise PermissionDeniedError()
    shift = locks.shift_lock(shift_id=found["shift_id"])
    signup = locks.signup_lock(signup_id=signup_id)  # after the shift's: one order everywhere
    if signup.status != SignupStatus.SIGNED_UP:
        return signup
    if signup.checked_in_at is not None:
        raise ShiftClosedError(_("已签到的班次不能取消。"))
    now = clock.now()
    signup.status = SignupStatus.CANCELLED
    signup.cancelled_at = now
    signup.save(update_fields=["status", "cancelled_at"])
    signup.swap_offers.filter(status=SwapStatus.OFFERED).update(
        status=SwapStatus.WITHDRAWN, decided_at=now
    )
    shift.signed_up_count -= 1
    shift.save(update_fields=["signed_up_count"])
    return signup


def _own_active_signup(actor, signup_id: int) -> tuple[ShiftSignup, VolunteerProfile]:
    profile = _approved_profile(actor)
    signup = (
        ShiftSignup.objects.select_related("shift__opportunity")
        .filter(pk=signup_id, profile=profile)
        .first()
    )
    if signup is None:
        raise NotFoundError()
    return signup, profile


@transaction.atomic
def swap_offer(*, actor, signup_id: int, card_number: str) -> SwapOffer:
    """The volunteer offers their place to another approved volunteer (named by
    reader card number) who meets the shift's requirements."""
    signup, profile = _own_active_signup(actor, signup_id)
    target = (
        VolunteerProfile.objects.select_related("reader")
        .filter(reader__card_number=card_number.strip().upper(), status=ProfileStatus.APPROVED)
        .first()
    )
    if target is None or target.pk == profile.pk:
        raise SwapRefusedError(_("找不到这位志愿者（请填写对方的读者卡号）。"), field="card")
    shift = locks.shift_lock(shift_id=signup.shift_id)
    signup = locks.signup_lock(signup_id=signup.pk)
    if signup.status != SignupStatus.SIGNED_UP or signup.checked_in_at is not None:
        raise SwapRefusedError()
    _open_for_change(shift)
    if not qualification_of(target, shift).qualified:
        raise NotQualifiedError(_("对方不符合该岗位的要求（技能或培训）。"))
    if _active_signup(shift, target.pk) is not None:
        raise SwapRefusedError(_("对方已报名这个班次。"))
    offer = SwapOffer.objects.filter(
        signup=signup, to_profile=target, status=SwapStatus.OFFERED
    ).first()
    if offer is not None:
        return offer
    offer = SwapOffer.objects.create(
        signup=signup, to_profile=target, status=SwapStatus.OFFERED, created_at=clock.now()
    )
    shift_notice(
        reader_id=target.reader_id,
        shift=shift,
        what="swap_offered",
        key=f"swap:{offer.pk}:offered",
        other=policies.name_masked(profile.reader.name),
    )
    return offer


def _offer_to_me(actor, offer_id: int) -> tuple[SwapOffer, VolunteerProfile]:
    profile = _approved_profile(actor)
    offer = (
        SwapOffer.objects.select_related("signup").filter(pk=offer_id, to_profile=profile).first()
    )
    if offer is None:
        raise NotFoundError()
    return offer, profile


@transaction.atomic
def swap_accept(*, actor, offer_id: int) -> ShiftSignup:
    """The volunteer offered a place takes it: the offerer's sign-up becomes
    "swapped" and theirs is made, under the shift's lock; the shift's count does
    not change. The offerer is told."""
    offer, profile = _offer_to_me(actor, offer_id)
    shift = locks.shift_lock(shift_id=offer.signup.shift_id)
    offer.refresh_from_db()
    # The sign-up's row too (after the shift's), so a check-in cannot slip in meanwhile.
    signup = locks.signup_lock(signup_id=offer.signup_id)
    if offer.status != SwapStatus.OFFERED:
        raise SwapRefusedError(_("这个换班邀请已失效。"))
    if signup.status != SignupStatus.SIGNED_UP or signup.checked_in_at is not None:
        raise SwapRefusedError(_("这个换班邀请已失效。"))
    _open_for_change(shift)
    if not qualification_of(profile, shift).qualified:
        raise NotQualifiedError()
    if _active_signup(shift, profile.pk) is not None:
        raise SwapRefusedError(_("您已报名这个班次。"))
    now = clock.now()
    signup.status = SignupStatus.SWAPPED
    signup.cancelled_at = now
    signup.save(update_fields=["status", "cancelled_at"])
    mine = ShiftSignup.objects.create(
        shift=shift, profile=profile, status=SignupStatus.SIGNED_UP, created_at=now
    )
    offer.status = SwapStatus.ACCEPTED
    offer.decided_at = now
    offer.save(update_fields=["status", "decided_at"])
    signup.swap_offers.filter(status=SwapStatus.OFFERED).update(
        status=SwapStatus.WITHDRAWN, decided_at=now
    )
    shift_notice(
        reader_id=signup.profile.reader_id,
        shift=shift,
        what="swap_accepted",
        key=f"swap:{offer.pk}:accepted",
        other=policies.name_masked(profile.reader.name),
    )
    return mine


@transaction.atomic
def swap_decline(*, actor, offer_id: int) -> SwapOffer:
    offer, _profile = _offer_to_me(actor, offer_id)
    locks.shift_lock(shift_id=offer.signup.shift_id)
    offer.refresh_from_db()
    if offer.status == SwapStatus.OFFERED:
        offer.status = SwapStatus.DECLINED
        offer.decided_at = clock.now()
        offer.save(update_fields=["status", "decided_at"])
    return offer
