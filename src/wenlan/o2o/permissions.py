"""Who works a 悦读 till (a partner bookstore's clerk, at their store) and who keeps
its rules and settles with the stores (library staff over the stores beneath them)."""

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can, library_scope
from wenlan.core.errors import PermissionDeniedError


def ensure_till(actor, *, store_id: int) -> None:
    ensure_can(actor, Perm.O2O_TILL, library_id=store_id)


def ensure_manage(actor, *, store_id: int | None) -> None:
    """`store_id` None: the network's rules, for those who manage every store."""
    ensure_can(actor, Perm.O2O_MANAGE)
    if store_id is None:
        if library_scope(actor, Perm.O2O_MANAGE) is not None:
            raise PermissionDeniedError()
        return
    ensure_can(actor, Perm.O2O_MANAGE, library_id=store_id)


def can_till(actor, *, store_id: int) -> bool:
    return can(actor, Perm.O2O_TILL, library_id=store_id)


def can_manage(actor, *, store_id: int) -> bool:
    return can(actor, Perm.O2O_MANAGE, library_id=store_id)


def store_scope(actor) -> set[int] | None:
    """Library ids of the stores whose 悦读 `actor` may see (till or manage); None for all."""
    till, manage = library_scope(actor, Perm.O2O_TILL), library_scope(actor, Perm.O2O_MANAGE)
    if till is None or manage is None:
        return None
    return till | manage


def ensure_acquisitions(actor, *, library_id: int | None = None) -> None:
    """悦购: acquisitions staff, at the library whose readers' suggestions they buy for."""
    ensure_can(actor, Perm.ACQUISITIONS, library_id=library_id)


def acquisitions_scope(actor) -> set[int] | None:
    return library_scope(actor, Perm.ACQUISITIONS)


def ensure_delivery(actor, *, library_id: int) -> None:
    """悦借: picking, packing, dispatching and delivering the parcels of a library
    (or taking them at a pickup point it runs)."""
    ensure_can(actor, Perm.O2O_DELIVERY, library_id=library_id)


def can_delivery(actor, *, library_id: int) -> bool:
    return can(actor, Perm.O2O_DELIVERY, library_id=library_id)


def delivery_scope(actor) -> set[int] | None:
    """Library ids whose 悦借 parcels `actor` works; None for all."""
    return library_scope(actor, Perm.O2O_DELIVERY)


def ensure_delivery_anywhere(actor) -> None:
    """Before an object is looked up: whoever works no library's parcels is refused
    (403), not told whether the parcel exists."""
    ensure_can(actor, Perm.O2O_DELIVERY)
