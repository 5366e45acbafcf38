"""Who coordinates volunteers: `Perm.VOLUNTEER_MANAGE` (the pool, projects, shifts,
hours); reading an ID number in full also needs `Perm.VOLUNTEER_IDENTITY`."""

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can


def can_coordinate(actor) -> bool:
    return actor is not None and actor.is_authenticated and can(actor, Perm.VOLUNTEER_MANAGE)


def ensure_can_coordinate(actor) -> None:
    ensure_can(actor, Perm.VOLUNTEER_MANAGE)
