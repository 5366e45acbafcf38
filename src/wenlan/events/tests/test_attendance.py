import pytest

from wenlan.core import attendance
from wenlan.events.enums import RegistrationStatus
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, RegistrationFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_a_reader_attended_an_event_once_checked_in_at_one_of_its_occurrences():
    """What spaces asks through core.attendance before a booking that needs an induction."""
    briefing, other = EventFactory(), EventFactory()
    reader = ReaderFactory()
    RegistrationFactory(
        reader=reader, occurrence=OccurrenceFactory(event=other), status=RegistrationStatus.ATTENDED
    )
    place = RegistrationFactory(reader=reader, occurrence=OccurrenceFactory(event=briefing))
    RegistrationFactory(
        occurrence=OccurrenceFactory(event=briefing), status=RegistrationStatus.ATTENDED
    )
    assert not attendance.reader_attended(reader_id=reader.pk, event_id=briefing.pk)
    place.status = RegistrationStatus.NO_SHOW
    place.save()
    assert not attendance.reader_attended(reader_id=reader.pk, event_id=briefing.pk)
    place.status = RegistrationStatus.ATTENDED
    place.save()
    assert attendance.reader_attended(reader_id=reader.pk, event_id=briefing.pk)
