"""Who works the think tank: editors (THINKTANK_EDIT) collect clippings and draft
bulletins; the chief editor (THINKTANK_REVIEW) also sends back, approves and issues."""

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can


def ensure_editor(actor) -> None:
    ensure_can(actor, Perm.THINKTANK_EDIT)


def ensure_chief(actor) -> None:
    ensure_can(actor, Perm.THINKTANK_REVIEW)


def can_edit(actor) -> bool:
    return can(actor, Perm.THINKTANK_EDIT)


def can_review(actor) -> bool:
    return can(actor, Perm.THINKTANK_REVIEW)
