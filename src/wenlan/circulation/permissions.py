"""Who may act at a circulation desk, and when a reader acts for themself."""

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import PermissionDeniedError
from wenlan.patrons.models import Reader


def ensure_desk(actor, *, library_id: int) -> None:
    ensure_can(actor, Perm.CIRCULATION_DESK, library_id=library_id)


def ensure_self_or_desk(actor, *, reader: Reader, library_id: int | None) -> bool:
    """True when the reader acts for themself (online), else staff at a desk."""
    user = acting_user(actor)
    if user is not None and reader.user_id == user.pk:
        return True
    if library_id is None:
        raise PermissionDeniedError()
    ensure_desk(actor, library_id=library_id)
    return False
