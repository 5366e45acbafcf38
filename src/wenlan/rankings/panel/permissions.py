"""Who may do what on a list: managers (Perm.RANKING_MANAGE) create lists; the
list's chair or a manager runs its round and finalises it; invited experts
(Perm.RANKING_REVIEW) nominate, declare conflicts and score."""

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can
from wenlan.core.errors import NotAuthenticatedError, PermissionDeniedError
from wenlan.rankings.models import Invitation, ReadingList


def may_chair(user) -> bool:
    """A staff account that may chair a list."""
    return user is not None and (can(user, Perm.RANKING_REVIEW) or can(user, Perm.RANKING_MANAGE))


def is_chair_or_manager(actor, reading_list: ReadingList) -> bool:
    if can(actor, Perm.RANKING_MANAGE):
        return True
    user = acting_user(actor)
    return user is not None and user.pk == reading_list.chair_id and can(actor, Perm.RANKING_REVIEW)


def ensure_chair_or_manager(actor, reading_list: ReadingList) -> None:
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticatedError()
    if not is_chair_or_manager(actor, reading_list):
        raise PermissionDeniedError()


def invitation_of(actor, round_id: int) -> Invitation | None:
    """The actor's invitation to the round, if they hold the expert's permission."""
    ensure_can(actor, Perm.RANKING_REVIEW)
    user = acting_user(actor)
    if user is None:
        return None
    return Invitation.objects.filter(round_id=round_id, expert=user).first()
