import pytest

from wenlan.demo.loader import network_and_people_load
from wenlan.demo.past_events import MONTHS, SIGNUPS, UID, past_events_demo_load
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Occurrence, Registration
from wenlan.network.models import Library
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_half_a_year_of_lectures_with_attendance_and_no_shows_once():
    network_and_people_load()
    ReaderFactory.create_batch(SIGNUPS, home_library=Library.objects.get(code="HZ"))
    summary = past_events_demo_load()
    sessions = Occurrence.objects.filter(event__external_uid=UID)
    assert sessions.count() == MONTHS == summary["past_lectures"]
    assert all(s.event.venue.library.code == "HZ" for s in sessions)
    places = Registration.objects.filter(occurrence__in=sessions)
    statuses = set(places.values_list("status", flat=True))
    assert statuses == {RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW}
    assert places.filter(status=RegistrationStatus.ATTENDED).count() == summary["attended"]
    assert summary["attended"] >= MONTHS * 10  # every month's figure shows (10 readers)
    assert past_events_demo_load() == {"past_lectures": 0}
    assert Registration.objects.filter(occurrence__in=sessions).count() == places.count()
