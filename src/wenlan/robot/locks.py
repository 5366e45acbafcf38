"""Row locks of the robot, each inside the caller's transaction (`core.locks.row_lock`)."""

from wenlan.core import locks
from wenlan.robot.models import Conversation, Turn

LOCK_TIMEOUT_MS = 5000


@locks.row_lock
def conversation_lock(*, conversation_id: int) -> Conversation | None:
    """A conversation's row: its turns are numbered and trimmed one at a time."""
    with locks.lock_timeout(ms=LOCK_TIMEOUT_MS):
        return Conversation.objects.select_for_update().filter(pk=conversation_id).first()


@locks.row_lock
def turn_lock(*, turn_id: int) -> Turn | None:
    """A turn's row: it is handed to a librarian once, however often the button is pressed."""
    with locks.lock_timeout(ms=LOCK_TIMEOUT_MS):
        return (
            Turn.objects.select_for_update(of=("self",))
            .select_related("conversation")
            .filter(pk=turn_id)
            .first()
        )
