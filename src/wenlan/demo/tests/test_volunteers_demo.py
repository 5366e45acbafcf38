import pytest

from wenlan.core.models import AuditEntry
from wenlan.demo import loader
from wenlan.demo.volunteers import volunteers_demo_load
from wenlan.volunteers import policies
from wenlan.volunteers.enums import HoursStatus, ProfileStatus
from wenlan.volunteers.models import Opportunity, Shift, ShiftSignup, VolunteerProfile
from wenlan.volunteers.selectors.certificates import certificate_verify
from wenlan.volunteers.selectors.hours import hours_summary

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_a_pool_of_volunteers_with_a_month_of_shifts_stars_and_a_certificate(client):
    libraries = loader._load_network()
    loader._load_staff(libraries)
    credentials = volunteers_demo_load(password_for=loader.demo_password)["volunteers"]
    assert VolunteerProfile.objects.count() >= 40
    assert VolunteerProfile.objects.filter(status=ProfileStatus.APPLIED).count() == 3
    assert VolunteerProfile.objects.values("background").distinct().count() >= 8
    assert Opportunity.objects.count() == 5
    served = ShiftSignup.objects.filter(hours_status=HoursStatus.APPROVED)
    assert served.count() > 100
    assert Shift.objects.filter(signed_up_count__gt=0).count() > Shift.objects.count() // 2
    volunteer = VolunteerProfile.objects.get(
        reader__card_number=credentials["volunteer"]["username"]
    )
    assert hours_summary(profile_id=volunteer.pk).stars == 2
    stars = [
        policies.stars(hours_summary(profile_id=p.pk).minutes)
        for p in VolunteerProfile.objects.all()
    ]
    assert stars.count(1) == 2
    code = credentials["certificate_verify_url"].rstrip("/").rsplit("/", 1)[1]
    assert certificate_verify(code=code).genuine
    counts = (Shift.objects.count(), ShiftSignup.objects.count())
    volunteers_demo_load(password_for=loader.demo_password)  # twice: the same state
    assert (Shift.objects.count(), ShiftSignup.objects.count()) == counts

    assert client.login(**credentials["volunteer"])
    assert "★★" in client.get(credentials["volunteer_url"]).content.decode()
    assert client.login(**credentials["coordinator"])
    assert "林晓燕" in client.get(credentials["pool_url"]).content.decode()
    assert not AuditEntry.objects.exists()  # the loader is no staff member
