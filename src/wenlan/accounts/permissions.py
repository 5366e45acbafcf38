"""The one permission helper. Services call `ensure_can`; selectors ask
`library_scope` which libraries an actor may see. Roles grant permissions; a
library-scoped role covers its library and every library beneath it. The actors a
service is called with (a user, an API key, a kiosk, the system) are in
`accounts.actors`."""

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Q

from wenlan.accounts.actors import SYSTEM, KioskActor, NarrowedActor
from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Perm, Role
from wenlan.accounts.models import StaffRole
from wenlan.core.errors import NotAuthenticatedError, PermissionDeniedError

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.NETWORK_ADMIN: frozenset(Perm),
    Role.BRANCH_LIBRARIAN: frozenset(
        {Perm.LIBRARY_VIEW, Perm.LIBRARY_CHANGE, Perm.READER_VIEW, Perm.READER_CHANGE}
    )
    | {Perm.EVENT_MANAGE, Perm.EVENT_APPROVE, Perm.EVENT_CHECKIN}
    | {Perm.CIRCULATION_DESK, Perm.POLICY_CHANGE, Perm.O2O_MANAGE, Perm.O2O_DELIVERY}
    | {Perm.LEARNING_MANAGE, Perm.INSIGHTS_VIEW, Perm.AUDIENCE_MANAGE, Perm.BOOKLIST_MANAGE},
    Role.CATALOGUER: frozenset({Perm.LIBRARY_VIEW, Perm.CATALOG_CHANGE}),
    Role.EVENT_ORGANISER: frozenset({Perm.LIBRARY_VIEW, Perm.EVENT_MANAGE, Perm.EVENT_CHECKIN}),
    Role.VOLUNTEER_COORDINATOR: frozenset(
        {Perm.LIBRARY_VIEW, Perm.VOLUNTEER_MANAGE, Perm.VOLUNTEER_IDENTITY}
    ),
    Role.REFERENCE_LIBRARIAN: frozenset(
        {Perm.LIBRARY_VIEW, Perm.KNOWLEDGE_EDIT, Perm.REFERENCE_ANSWER}
    ),
    Role.THINKTANK_EDITOR: frozenset({Perm.LIBRARY_VIEW, Perm.THINKTANK_EDIT}),
    Role.RANKING_EXPERT: frozenset({Perm.LIBRARY_VIEW, Perm.RANKING_REVIEW}),
    Role.ASSESSMENT_OFFICER: frozenset({Perm.LIBRARY_VIEW, Perm.INSIGHTS_VIEW}),
    Role.BOOKSTORE_CLERK: frozenset({Perm.O2O_TILL}),
    Role.ACQUISITIONS_LIBRARIAN: frozenset({Perm.LIBRARY_VIEW, Perm.ACQUISITIONS}),
    Role.REFERENCE_PARTNER: frozenset({Perm.REFERENCE_PARTNER}),
    Role.THINKTANK_CHIEF: frozenset(
        {Perm.LIBRARY_VIEW, Perm.THINKTANK_EDIT, Perm.THINKTANK_REVIEW}
    ),
    Role.ENTERPRISE_CONTACT: frozenset({Perm.ENTERPRISE_REQUEST}),
    Role.RANKING_SOURCE: frozenset({Perm.RANKING_FEED}),
}

EVERYWHERE = None  # a scope of None means "every library" / "every partner"


@dataclass
class Grants:
    """What one actor may do: for each permission, the libraries and partners it covers
    (None for all)."""

    libraries: dict[Perm, set[int] | None] = field(default_factory=dict)
    partners: dict[Perm, set[int] | None] = field(default_factory=dict)


SYSTEM_GRANTS = Grants(
    libraries={perm: EVERYWHERE for perm in Perm}, partners={perm: EVERYWHERE for perm in Perm}
)


# Central, district and county libraries are institutions of their own: a role at
# one of them covers the branches, bookstores and pickup points it runs, not the
# other libraries that report to it.
INDEPENDENT_LIBRARY_KINDS = ("central", "district", "county")


def _library_descendants(root_ids: set[int]) -> set[int]:
    library_model = StaffRole._meta.get_field("library").related_model
    scope, frontier = set(root_ids), set(root_ids)
    while frontier:
        children = library_model.objects.filter(parent_id__in=frontier).exclude(
            kind__in=INDEPENDENT_LIBRARY_KINDS
        )
        frontier = set(children.values_list("pk", flat=True)) - scope
        scope |= frontier
    return scope


def _merge(target: dict, perm: Perm, ids: set[int] | None) -> None:
    if perm in target and target[perm] is None:
        return
    if ids is None:
        target[perm] = None
    else:
        target.setdefault(perm, set()).update(ids)


def _role_grants(user) -> Grants:
    """What a user's roles grant (a superuser holds the network administrator's)."""
    grants = Grants()
    if not user.is_active:
        return grants
    roles = list(StaffRole.objects.filter(user=user))
    if user.is_superuser:
        roles.append(StaffRole(role=Role.NETWORK_ADMIN))
    subtrees: dict[int, set[int]] = {}
    for staff_role in roles:
        role = Role(staff_role.role)
        for perm in ROLE_PERMISSIONS[role]:
            if role in LIBRARY_SCOPED_ROLES:
                root = staff_role.library_id
                if root not in subtrees:
                    subtrees[root] = _library_descendants({root})
                _merge(grants.libraries, perm, subtrees[root])
            elif role in PARTNER_SCOPED_ROLES:
                _merge(grants.partners, perm, {staff_role.partner_id})
            else:
                _merge(grants.libraries, perm, EVERYWHERE)
                _merge(grants.partners, perm, EVERYWHERE)
    return grants


def _narrowed(grants: Grants, scopes: frozenset[Perm]) -> Grants:
    return Grants(
        libraries={p: s for p, s in grants.libraries.items() if p in scopes},
        partners={p: s for p, s in grants.partners.items() if p in scopes},
    )


def _at_library(grants: Grants, library_id: int) -> Grants:
    """Only what `grants` allow at `library_id`, and nothing at any partner."""
    return Grants(
        libraries={
            perm: {library_id}
            for perm, ids in grants.libraries.items()
            if ids is EVERYWHERE or library_id in ids
        }
    )


def _narrowed_actor_grants(actor: NarrowedActor) -> Grants:
    grants = _narrowed(_role_grants(actor.user), actor.scopes)
    if isinstance(actor, KioskActor):
        grants = _at_library(grants, actor.library_id)
    return grants


# A request's users' grants by user id, so that a page asking `can` ten times reads
# the roles once. Set by accounts.middleware.RequestGrantsMiddleware; outside a
# request (tasks, commands, tests calling services) it is None and nothing is kept.
_request_grants: contextvars.ContextVar[dict[int, Grants] | None] = contextvars.ContextVar(
    "wenlan_request_grants", default=None
)


@contextlib.contextmanager
def request_grants_cache() -> Iterator[None]:
    token = _request_grants.set({})
    try:
        yield
    finally:
        _request_grants.reset(token)


def grants_for(actor) -> Grants:
    """What `actor` (see accounts.actors) may do. A narrowed actor keeps its grants
    for its life (one request or one kiosk sign-in); a user's are kept for the
    current request only."""
    if actor is SYSTEM:
        return SYSTEM_GRANTS
    if isinstance(actor, NarrowedActor):
        if "grants" not in actor.grants_cache:
            actor.grants_cache["grants"] = _narrowed_actor_grants(actor)
        return actor.grants_cache["grants"]
    if actor is None or not actor.is_authenticated:
        return Grants()
    cache = _request_grants.get()
    if cache is None:
        return _role_grants(actor)
    if actor.pk not in cache:
        cache[actor.pk] = _role_grants(actor)
    return cache[actor.pk]


def can(actor, perm: Perm, *, library_id: int | None = None, partner_id: int | None = None) -> bool:
    grants = grants_for(actor)
    if perm not in grants.libraries and perm not in grants.partners:
        return False
    if partner_id is not None:
        partners = grants.partners.get(perm, set())
        return partners is EVERYWHERE or partner_id in partners
    if library_id is not None:
        libraries = grants.libraries.get(perm, set())
        return libraries is EVERYWHERE or library_id in libraries
    return True


def ensure_can(
    actor, perm: Perm, *, library_id: int | None = None, partner_id: int | None = None
) -> None:
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticatedError()
    if not can(actor, perm, library_id=library_id, partner_id=partner_id):
        raise PermissionDeniedError()


def library_scope(actor, perm: Perm) -> set[int] | None:
    """The ids of the libraries where `actor` holds `perm`: None means all, an
    empty set none."""
    grants = grants_for(actor)
    if perm not in grants.libraries:
        return set()
    return grants.libraries[perm]


def partner_scope(actor, perm: Perm) -> set[int] | None:
    grants = grants_for(actor)
    if perm not in grants.partners:
        return set()
    return grants.partners[perm]


# --- things organised by a library or a partner (events, exhibitions, clubs, spaces) ----


def can_on_organiser(actor, perm: Perm, *, library_id: int | None, partner_id: int | None) -> bool:
    """Whether `actor` holds `perm` for what a library or a partner organises: a
    partner's things by partner, a library's by library."""
    if actor is None or not actor.is_authenticated:
        return False
    if partner_id is not None:
        return can(actor, perm, partner_id=partner_id)
    if library_id is not None:
        return can(actor, perm, library_id=library_id)
    return False


def ensure_can_on_organiser(
    actor, perm: Perm, *, library_id: int | None, partner_id: int | None
) -> None:
    ensure_can(actor, perm)
    if not can_on_organiser(actor, perm, library_id=library_id, partner_id=partner_id):
        raise PermissionDeniedError()


def organiser_condition(*, actor, perm: Perm) -> Q | None:
    """Rows (events, exhibitions…) with `organiser_library` and `organiser_partner`
    whose organiser `actor` holds `perm` for; None means all of them."""
    libraries = library_scope(actor, perm)
    partners = partner_scope(actor, perm)
    if libraries is None and partners is None:
        return None
    condition = Q(pk__in=[])
    if partners:
        condition |= Q(organiser_partner_id__in=partners)
    if libraries is not None:
        condition |= Q(organiser_library_id__in=libraries)
    elif not partners:
        condition |= Q(organiser_library__isnull=False)
    return condition
