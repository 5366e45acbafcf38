"""Applying to volunteer, the coordinator's decision, and reading an ID number in
full (a coordinator with VOLUNTEER_IDENTITY; every reading leaves an audit entry)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import audit, clock
from wenlan.core.errors import ConflictError, NotFoundError
from wenlan.core.models import AuditAction
from wenlan.patrons.selectors import reader_of
from wenlan.volunteers import identity, locks, policies
from wenlan.volunteers.enums import ProfileStatus
from wenlan.volunteers.errors import AlreadyDecidedError, IdNumberInvalidError, NoReaderCardError
from wenlan.volunteers.models import VolunteerProfile
from wenlan.volunteers.permissions import ensure_can_coordinate
from wenlan.volunteers.services.staff_audit import staff_audit


@dataclass(frozen=True)
class ProfileData:
    skills: list[str]
    languages: list[str]
    background: str
    background_detail: str
    district: str
    availability: list[tuple[int, int]]
    trainings: list[str]
    checks: list[str]


def acting_reader_id(actor) -> int:
    reader = reader_of(actor)
    if reader is None:
        raise NoReaderCardError()
    return reader.pk


def _apply_data(profile: VolunteerProfile, data: ProfileData) -> None:
    profile.skills = policies.tags_encode(data.skills)
    profile.languages = policies.tags_encode(data.languages)
    profile.background = data.background
    profile.background_detail = data.background_detail.strip()[:200]
    profile.district = data.district
    profile.availability = policies.slots_mask(data.availability)


def _set_id_number(profile: VolunteerProfile, id_number: str) -> None:
    number = policies.id_number_normalise(id_number)
    if not policies.id_number_valid(number):
        raise IdNumberInvalidError(field="id_number")
    profile.id_number_encrypted = identity.id_number_encrypt(number)
    profile.id_number_masked = policies.id_number_masked(number)


@transaction.atomic
def profile_apply(*, actor, data: ProfileData, id_number: str) -> VolunteerProfile:
    """The signed-in reader applies, or updates their profile. Trainings and checks
    are the coordinator's to record; an empty ID number keeps the one on file. A
    rejected applicant who applies again is waiting for a decision again."""
    reader_id = acting_reader_id(actor)
    profile = VolunteerProfile.objects.select_for_update().filter(reader_id=reader_id).first()
    if profile is None:
        profile = VolunteerProfile(reader_id=reader_id, applied_at=clock.now())
    if id_number.strip():
        _set_id_number(profile, id_number)
    elif not profile.id_number_encrypted:
        raise IdNumberInvalidError(field="id_number")
    _apply_data(profile, data)
    if profile.status == ProfileStatus.REJECTED:
        profile.status = ProfileStatus.APPLIED
        profile.applied_at = clock.now()
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as error:  # applied a moment ago from another tab
        raise ConflictError() from error
    return profile


@transaction.atomic
def profile_decide(*, actor, profile_id: int, approve: bool, note: str = "") -> VolunteerProfile:
    ensure_can_coordinate(actor)
    profile = locks.profile_lock(profile_id=profile_id)
    if profile is None:
        raise NotFoundError()
    if profile.status != ProfileStatus.APPLIED:
        raise AlreadyDecidedError()
    profile.status = ProfileStatus.APPROVED if approve else ProfileStatus.REJECTED
    profile.decided_at = clock.now()
    profile.decided_by = acting_user(actor)
    profile.decision_note = note.strip()[:300]
    profile.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    staff_audit(actor=actor, action=AuditAction.CHANGE, subject=profile, fields=["status"])
    return profile


@transaction.atomic
def profile_record_training(
    *, actor, profile_id: int, trainings: list[str], checks: list[str]
) -> VolunteerProfile:
    """The coordinator records the trainings done and the checks seen."""
    ensure_can_coordinate(actor)
    profile = locks.profile_lock(profile_id=profile_id)
    if profile is None:
        raise NotFoundError()
    profile.trainings = policies.tags_encode(trainings)
    profile.checks = policies.tags_encode(checks)
    profile.save(update_fields=["trainings", "checks", "updated_at"])
    staff_audit(
        actor=actor,
        action=AuditAction.CHANGE,
        subject=profile,
        fields=["trainings", "checks"],
    )
    return profile


@transaction.atomic
def profile_id_number_reveal(*, actor, profile_id: int) -> str:
    """The ID number in full, for a coordinator who may read it; the reading is
    written to the audit log in the same transaction (as every reading of personal
    data: the same coordinator again within the audit's view window is one entry)."""
    ensure_can(actor, Perm.VOLUNTEER_IDENTITY)
    profile = VolunteerProfile.objects.select_related("reader").filter(pk=profile_id).first()
    if profile is None:
        raise NotFoundError()
    number = identity.id_number_decrypt(profile.id_number_encrypted)
    if number is None:
        raise NotFoundError()
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.READ, subject=profile, fields=["id_number"]
    )
    return number
