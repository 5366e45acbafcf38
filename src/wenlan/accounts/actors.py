"""The actors a service may be called with, and so the only things
`accounts.permissions` reads grants for:

- a `User`: the web's signed-in user (`request.user`), acting with all their roles;
- `ApiKeyActor`: a user narrowed to an API key's scopes;
- `KioskActor`: a self-service kiosk (SIP2) signed in as a staff user, narrowed to
  circulation and to the kiosk's library;
- `SYSTEM`: jobs an operator or the scheduler runs, with every permission and no
  user row.

A service that needs a user row (a foreign key such as `created_by`, the reader
record of the one who acts, an audit entry) asks `acting_user(actor)`: an actor
is not a user, and the narrowed ones offer only `is_authenticated` of a user's
attributes (what `ensure_can` asks)."""

from dataclasses import dataclass, field

from wenlan.accounts.enums import Perm
from wenlan.accounts.models import User

KIOSK_PERMISSIONS = frozenset({Perm.CIRCULATION_DESK, Perm.LIBRARY_VIEW})


@dataclass(frozen=True)
class ApiKeyActor:
    """A request made with an API key: the key's user, holding only the
    permissions that are both among the user's roles and in the key's scopes."""

    user: User
    scopes: frozenset[Perm]
    # accounts.permissions keeps this actor's grants here once read (one request).
    grants_cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    is_authenticated = True


@dataclass(frozen=True)
class KioskActor:
    """A self-service kiosk signed in as a staff user: that user's circulation
    permissions (`KIOSK_PERMISSIONS`), and at the kiosk's library only."""

    user: User
    library_id: int
    grants_cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    is_authenticated = True
    scopes = KIOSK_PERMISSIONS


class SystemActor:
    """The actor of jobs an operator or the scheduler runs (`wenlan import-ical`,
    the demo loader): every permission everywhere, no user row. Audit entries
    name it "system"."""

    is_authenticated = True

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()

NarrowedActor = ApiKeyActor | KioskActor
Actor = User | ApiKeyActor | KioskActor | SystemActor


def acting_user(actor) -> User | None:
    """The user row behind `actor`: the user, the API key's or the kiosk's user;
    None for the system and for an anonymous visitor."""
    if isinstance(actor, NarrowedActor):
        return actor.user
    if actor is None or actor is SYSTEM or not actor.is_authenticated:
        return None
    return actor
