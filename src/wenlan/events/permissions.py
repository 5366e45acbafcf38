"""Who may act on which event: its organiser's staff (accounts.permissions.can_on_organiser),
and for approval and check-in the staff of the library whose room it is in."""

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can_on_organiser
from wenlan.core.errors import NotAuthenticatedError, PermissionDeniedError


def can_on_event(actor, perm: Perm, event) -> bool:
    if can_on_organiser(
        actor, perm, library_id=event.organiser_library_id, partner_id=event.organiser_partner_id
    ):
        return True
    # A library's staff also approve and check in what happens in their rooms.
    venue_library_id = event.venue.library_id if event.venue_id else None
    return (
        perm in (Perm.EVENT_APPROVE, Perm.EVENT_CHECKIN)
        and venue_library_id is not None
        and can_on_organiser(actor, perm, library_id=venue_library_id, partner_id=None)
    )


def ensure_can_on_event(actor, perm: Perm, event) -> None:
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticatedError()
    if not can_on_event(actor, perm, event):
        raise PermissionDeniedError()
