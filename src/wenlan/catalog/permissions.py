"""Who may catalogue where: the CATALOG_CHANGE permission of the one helper
(cataloguers in their libraries and those beneath, network administrators
everywhere, API keys only when they carry the scope)."""

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can, library_scope


def catalogue_scope(actor) -> set[int] | None:
    """Library ids where `actor` may catalogue: None for all, an empty set for none."""
    if actor is None or not actor.is_authenticated:
        return set()
    return library_scope(actor, Perm.CATALOG_CHANGE)


def can_catalogue(actor, *, library_id: int | None = None) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return can(actor, Perm.CATALOG_CHANGE, library_id=library_id)


def ensure_can_catalogue(actor, *, library_id: int | None = None) -> None:
    ensure_can(actor, Perm.CATALOG_CHANGE, library_id=library_id)
