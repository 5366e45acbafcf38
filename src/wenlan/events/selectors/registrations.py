"""A reader's own registrations and tickets."""

from collections import defaultdict

from wenlan.accounts.enums import Perm
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.events.enums import ACTIVE_REGISTRATION_STATUSES, RegistrationStatus
from wenlan.events.models import Registration
from wenlan.events.permissions import can_on_event
from wenlan.patrons.selectors import reader_for_user

# --- a reader's own registrations ---------------------------------------------------


def reader_of(actor):
    """The actor's reader record, looked up once per actor object (a request's user)
    and kept where the page menu's `user.reader` finds it as well."""
    if actor is None or not actor.is_authenticated:
        return None
    if hasattr(actor, "_wenlan_reader"):
        return actor._wenlan_reader
    reader = reader_for_user(user=actor)
    actor._wenlan_reader = reader
    descriptor = getattr(actor.__class__, "reader", None)  # request.user is a lazy proxy
    if descriptor is not None and hasattr(descriptor, "related"):
        descriptor.related.set_cached_value(actor, reader)
    return reader


def registration_list_own(*, actor) -> list[Registration]:
    reader = reader_of(actor)
    if reader is None:
        return []
    registrations = list(
        Registration.objects.filter(reader=reader)
        .select_related("session__event__venue__library")
        .order_by("-session__starts_at", "-pk")
    )
    attach_waitlist_positions(registrations)
    return registrations


def registrations_own_for_event(*, actor, event_id: int) -> dict[int, Registration]:
    """The reader's active registrations in an event, by session id."""
    reader = reader_of(actor)
    if reader is None:
        return {}
    registrations = list(
        Registration.objects.filter(
            reader=reader, session__event_id=event_id, status__in=ACTIVE_REGISTRATION_STATUSES
        )
    )
    attach_waitlist_positions(registrations)
    return {r.session_id: r for r in registrations}


def attach_waitlist_positions(registrations: list[Registration]) -> None:
    """`waitlist_position` (1 = next in line) on each waitlisted registration."""
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    for registration in registrations:
        registration.waitlist_position = None
    if not waiting:
        return
    counts = Registration.objects.filter(
        status=RegistrationStatus.WAITLISTED,
        session_id__in={r.session_id for r in waiting},
    ).values_list("session_id", "pk")
    ahead: dict[int, list[int]] = defaultdict(list)
    for session_id, pk in counts:
        ahead[session_id].append(pk)
    for registration in waiting:
        registration.waitlist_position = 1 + sum(
            1 for pk in ahead[registration.session_id] if pk < registration.pk
        )


def ticket_get(*, actor, ticket_code: str) -> Registration:
    """A ticket for its reader, or for staff who check people in to that event."""
    registration = (
        Registration.objects.select_related("session__event__venue__library", "reader")
        .filter(ticket_code=ticket_code)
        .first()
    )
    if registration is None:
        raise NotFoundError()
    reader = reader_of(actor)
    if reader is not None and reader.pk == registration.reader_id:
        return registration
    if can_on_event(actor, Perm.EVENT_CHECKIN, registration.session.event):
        return registration
    raise PermissionDeniedError()
