"""Event notices to readers, queued after commit: each task takes ids and calls the
service that claims and makes the reader's notice (once per registration) through
the notices app, which delivers it."""

from django_tasks import task

from wenlan.events.selectors.registrations import registration_ids_to_tell_of_cancellation
from wenlan.events.services.registration_notices import (
    registration_notify_cancelled,
    registration_notify_promoted,
)


@task()
def registration_promoted_notify(registration_id: int) -> bool:
    return registration_notify_promoted(registration_id=registration_id)


@task()
def event_cancelled_notify(event_id: int) -> int:
    """Tells each reader whose registration the cancellation ended, once."""
    sent = 0
    for registration_id in registration_ids_to_tell_of_cancellation(event_id=event_id):
        if registration_notify_cancelled(registration_id=registration_id):
            sent += 1
    return sent
