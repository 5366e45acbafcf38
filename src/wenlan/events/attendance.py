"""What events tells other apps about attendance (core/attendance.py): a reader
attended an event when they were checked in at one of its occurrences."""

from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Registration


def reader_attended(*, reader_id: int, event_id: int) -> bool:
    return Registration.objects.filter(
        reader_id=reader_id,
        occurrence__event_id=event_id,
        status=RegistrationStatus.ATTENDED,
    ).exists()
