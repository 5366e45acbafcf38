import datetime as dt

import pytest

from wenlan.core import clock
from wenlan.patrons.services import reader_erase, reader_export_data
from wenlan.volunteers.enums import HoursStatus, SignupStatus
from wenlan.volunteers.models import HoursCertificate, Shift, ShiftSignup, VolunteerProfile
from wenlan.volunteers.personal_data import SECTIONS
from wenlan.volunteers.selectors.certificates import certificate_verify
from wenlan.volunteers.tests.factories import BASE, ID_NUMBER, ProfileFactory, SignupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer():
    profile = ProfileFactory(reader__name="王芳")
    served = SignupFactory(
        profile=profile,
        shift__starts_at=BASE - dt.timedelta(days=7),
        shift__ends_at=BASE - dt.timedelta(days=7) + dt.timedelta(hours=3),
        hours_status=HoursStatus.APPROVED,
        approved_minutes=180,
    )
    future = SignupFactory(profile=profile)
    certificate = HoursCertificate.objects.create(
        code="CERT234", profile=profile, holder_name="王芳", minutes=180, issued_at=BASE
    )
    return profile, served, future, certificate


def test_export_holds_every_section_and_the_id_number_masked(volunteer):
    profile = volunteer[0]
    with clock.freeze(BASE - dt.timedelta(days=1)):
        data = reader_export_data(actor=profile.reader.user, reader_id=profile.reader_id)
    assert {s.name for s in SECTIONS} <= set(data)
    assert data["volunteer_profile"]["id_number"] == "110***********002X"
    assert ID_NUMBER not in str(data)
    assert len(data["volunteer_shifts"]["signups"]) == 2
    assert data["volunteer_certificates"][0]["minutes"] == 180


def test_erasure_forgets_the_number_frees_future_places_and_revokes(volunteer):
    profile, served, future, certificate = volunteer
    with clock.freeze(BASE - dt.timedelta(days=1)):
        reader_erase(actor=profile.reader.user, reader_id=profile.reader_id)
    profile = VolunteerProfile.objects.get()
    assert (profile.id_number_encrypted, profile.id_number_masked, profile.skills) == ("", "", "")
    future.refresh_from_db()
    served.refresh_from_db()
    assert future.status == SignupStatus.CANCELLED
    assert Shift.objects.get(pk=future.shift_id).signed_up_count == 0
    assert (served.status, served.approved_minutes) == (SignupStatus.SIGNED_UP, 180)
    assert not certificate_verify(code=certificate.code).genuine
    assert ShiftSignup.objects.count() == 2
