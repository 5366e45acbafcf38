import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import NotAuthenticatedError, PermissionDeniedError
from wenlan.core.models import AuditEntry
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.volunteers import identity
from wenlan.volunteers.enums import ProfileStatus
from wenlan.volunteers.errors import AlreadyDecidedError, IdNumberInvalidError
from wenlan.volunteers.models import VolunteerProfile
from wenlan.volunteers.selectors.profiles import PoolFilters, pool_search
from wenlan.volunteers.services.profiles import (
    ProfileData,
    profile_apply,
    profile_decide,
    profile_id_number_reveal,
    profile_record_training,
)
from wenlan.volunteers.tests.factories import ID_NUMBER, ProfileFactory

pytestmark = pytest.mark.django_db

DATA = ProfileData(
    skills=["legal_advice", "guiding"],
    languages=["zh", "en"],
    background="lawyer",
    background_detail="执业律师十年",
    district="xihu",
    availability=[(5, 1), (6, 0)],
    trainings=[],
    checks=[],
)


@pytest.fixture
def coordinator():
    return staff_with_role(Role.VOLUNTEER_COORDINATOR)


def test_a_reader_applies_and_the_id_number_is_encrypted_at_rest():
    reader = ReaderFactory()
    profile = profile_apply(actor=reader.user, data=DATA, id_number="110105 19491231 002x")
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.APPLIED
    assert profile.skills == ",guiding,legal_advice,"
    assert profile.id_number_masked == "110***********002X"
    assert ID_NUMBER not in profile.id_number_encrypted
    assert identity.id_number_decrypt(profile.id_number_encrypted) == ID_NUMBER


def test_a_wrong_check_digit_is_refused_and_nothing_is_saved():
    reader = ReaderFactory()
    with pytest.raises(IdNumberInvalidError):
        profile_apply(actor=reader.user, data=DATA, id_number="110105194912310021")
    assert not VolunteerProfile.objects.exists()


def test_updating_without_a_number_keeps_the_one_on_file():
    profile = ProfileFactory(status=ProfileStatus.APPROVED)
    profile_apply(actor=profile.reader.user, data=DATA, id_number="")
    profile.refresh_from_db()
    assert identity.id_number_decrypt(profile.id_number_encrypted) == ID_NUMBER
    assert profile.status == ProfileStatus.APPROVED


def test_a_key_from_settings_encrypts(settings):
    from cryptography.fernet import Fernet

    settings.WENLAN_VOLUNTEER_ID_KEY = Fernet.generate_key().decode()
    token = identity.id_number_encrypt(ID_NUMBER)
    assert identity.id_number_decrypt(token) == ID_NUMBER
    settings.WENLAN_VOLUNTEER_ID_KEY = Fernet.generate_key().decode()
    assert identity.id_number_decrypt(token) is None  # another key reads nothing


def test_the_coordinator_approves_once(coordinator):
    profile = ProfileFactory(status=ProfileStatus.APPLIED)
    profile_decide(actor=coordinator, profile_id=profile.pk, approve=True)
    profile.refresh_from_db()
    assert (profile.status, profile.decided_by) == (ProfileStatus.APPROVED, coordinator)
    with pytest.raises(AlreadyDecidedError):
        profile_decide(actor=coordinator, profile_id=profile.pk, approve=False)


def test_a_reader_cannot_approve():
    profile = ProfileFactory(status=ProfileStatus.APPLIED)
    with pytest.raises(PermissionDeniedError):
        profile_decide(actor=ReaderFactory().user, profile_id=profile.pk, approve=True)
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.APPLIED


def test_reading_the_number_in_full_is_audited(coordinator):
    profile = ProfileFactory()
    assert profile_id_number_reveal(actor=coordinator, profile_id=profile.pk) == ID_NUMBER
    entry = AuditEntry.objects.get(subject_type="volunteers.volunteerprofile")
    assert (entry.actor, entry.action, entry.fields) == (coordinator, "read", ["id_number"])


@pytest.mark.parametrize("role", [Role.REFERENCE_LIBRARIAN, Role.ASSESSMENT_OFFICER, None])
def test_others_cannot_read_the_number(role):
    profile = ProfileFactory()
    actor = staff_with_role(role) if role else ReaderFactory().user
    with pytest.raises((PermissionDeniedError, NotAuthenticatedError)):
        profile_id_number_reveal(actor=actor, profile_id=profile.pk)
    assert not AuditEntry.objects.exists()


def test_the_pool_is_searched_by_skill_language_district_and_availability(coordinator):
    lawyer = ProfileFactory(
        skills=",legal_advice,", languages=",en,zh,", district="xihu",
        availability=1 << (5 * 3 + 1),
    )  # fmt: skip
    doctor = ProfileFactory(
        skills=",health_advice,", languages=",zh,", district="binjiang", availability=1 << 0
    )
    ProfileFactory(status=ProfileStatus.APPLIED, skills=",legal_advice,")

    def ids(**filters):
        return [p.pk for p in pool_search(actor=coordinator, filters=PoolFilters(**filters))]

    assert ids(skill="legal_advice") == [lawyer.pk]
    assert ids(language="en") == [lawyer.pk]
    assert ids(district="binjiang") == [doctor.pk]
    assert ids(weekday=5, part=1) == [lawyer.pk]
    assert ids(weekday=0) == [doctor.pk]
    assert ids(part=1) == [lawyer.pk]
    assert ids(skill="legal_advice", district="binjiang") == []


def test_trainings_are_recorded_by_the_coordinator(coordinator):
    profile = ProfileFactory(trainings="")
    profile_record_training(
        actor=coordinator, profile_id=profile.pk, trainings=["first_aid"], checks=["health"]
    )
    profile.refresh_from_db()
    assert (profile.trainings, profile.checks) == (",first_aid,", ",health,")
