"""Who works the reference service: reference librarians (Perm.REFERENCE_ANSWER,
network-wide) answer, refer and publish; an alliance partner's librarians and API
key (Perm.REFERENCE_PARTNER, scoped to their partner) file questions for their
readers and answer the referrals sent to their partner."""

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can, partner_scope


def ensure_answer(actor) -> None:
    ensure_can(actor, Perm.REFERENCE_ANSWER)


def can_answer(actor) -> bool:
    return actor is not None and actor.is_authenticated and can(actor, Perm.REFERENCE_ANSWER)


def acting_partner_id(actor) -> int | None:
    """The one partner whose REFERENCE_PARTNER `actor` holds by a partner-scoped role
    (a partner librarian or their API key); None for anyone else, including network
    administrators, who hold it everywhere and file for no partner."""
    if actor is None or not actor.is_authenticated:
        return None
    scope = partner_scope(actor, Perm.REFERENCE_PARTNER)
    if not scope:  # None (everywhere) or empty
        return None
    return min(scope)


def ensure_partner(actor, *, partner_id: int) -> None:
    ensure_can(actor, Perm.REFERENCE_PARTNER, partner_id=partner_id)
