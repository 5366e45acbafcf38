"""Who manages what in learning. Courses are the central library's (or the network
admin's): `Perm.LEARNING_MANAGE` held at the central library. A class is its
library's: the permission at that library. The central library sees every
library's classes; any other library its own (`library_scope`)."""

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can, library_scope
from wenlan.core.errors import PermissionDeniedError
from wenlan.network.enums import LibraryKind
from wenlan.network.selectors import library_list_by_code


def central_library_id() -> int | None:
    central = library_list_by_code().filter(kind=LibraryKind.CENTRAL).values_list("pk", flat=True)
    return central.first()


def can_manage_courses(actor) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    central = central_library_id()
    if central is None:
        return library_scope(actor, Perm.LEARNING_MANAGE) is None
    return can(actor, Perm.LEARNING_MANAGE, library_id=central)


def ensure_can_manage_courses(actor) -> None:
    ensure_can(actor, Perm.LEARNING_MANAGE)
    if not can_manage_courses(actor):
        raise PermissionDeniedError()


def class_scope(actor) -> set[int] | None:
    """The libraries whose classes `actor` sees and manages: None for all (the
    network admin, the central library's staff)."""
    scope = library_scope(actor, Perm.LEARNING_MANAGE)
    if scope is None:
        return None
    central = central_library_id()
    if central is not None and central in scope:
        return None
    return scope


def ensure_can_on_class_library(actor, library_id: int) -> None:
    ensure_can(actor, Perm.LEARNING_MANAGE)
    scope = class_scope(actor)
    if scope is not None and library_id not in scope:
        raise PermissionDeniedError()
