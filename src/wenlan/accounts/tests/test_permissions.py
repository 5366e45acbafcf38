import pytest

from wenlan.accounts.actors import ApiKeyActor
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.permissions import can, ensure_can, library_scope
from wenlan.accounts.tests.factories import StaffFactory, staff_with_role
from wenlan.core.errors import NotAuthenticatedError, PermissionDeniedError
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory, ThemedBranchFactory

pytestmark = pytest.mark.django_db


def test_branch_librarian_scope_covers_own_library_and_its_branches():
    central = LibraryFactory(code="HZ", kind="central")
    district = LibraryFactory(code="XH", parent=central)
    branch = ThemedBranchFactory(code="XH-1", parent=district)
    pickup = LibraryFactory(code="XH-P", parent=branch, kind="pickup_point")
    other = LibraryFactory(code="SC", parent=central)
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=district)
    assert library_scope(librarian, Perm.READER_VIEW) == {district.pk, branch.pk, pickup.pk}
    central_librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=central)
    assert library_scope(central_librarian, Perm.READER_VIEW) == {central.pk}
    assert can(librarian, Perm.READER_VIEW, library_id=branch.pk) is True
    assert can(librarian, Perm.READER_VIEW, library_id=other.pk) is False
    with pytest.raises(PermissionDeniedError):
        ensure_can(librarian, Perm.READER_CHANGE, library_id=other.pk)


def test_network_admin_may_do_everything_everywhere():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    library = LibraryFactory()
    assert library_scope(admin, Perm.READER_VIEW) is None
    assert all(can(admin, perm, library_id=library.pk) for perm in Perm)


@pytest.mark.parametrize(
    "role",
    [
        Role.CATALOGUER,
        Role.VOLUNTEER_COORDINATOR,
        Role.REFERENCE_LIBRARIAN,
        Role.THINKTANK_EDITOR,
        Role.RANKING_EXPERT,
        Role.ASSESSMENT_OFFICER,
    ],
)
def test_roles_without_reader_rights_see_no_reader(role):
    library = LibraryFactory()
    kwargs = {"library": library} if role == Role.CATALOGUER else {}
    user = staff_with_role(role, **kwargs)
    assert can(user, Perm.READER_VIEW) is False
    assert library_scope(user, Perm.READER_VIEW) == set()
    assert can(user, Perm.AUDIT_VIEW) is False


def test_event_organiser_is_scoped_to_their_partner():
    mine, theirs = PartnerFactory(), PartnerFactory()
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=mine)
    assert can(organiser, Perm.LIBRARY_VIEW, partner_id=mine.pk) is True
    assert can(organiser, Perm.LIBRARY_VIEW, partner_id=theirs.pk) is False
    # A partner's organiser holds no library's rights.
    assert can(organiser, Perm.LIBRARY_VIEW, library_id=LibraryFactory().pk) is False
    assert library_scope(organiser, Perm.LIBRARY_VIEW) == set()


def test_api_key_scopes_narrow_the_users_rights():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    key = ApiKeyActor(user=admin, scopes=frozenset({Perm.LIBRARY_VIEW}))
    assert can(key, Perm.LIBRARY_VIEW) is True
    assert can(key, Perm.READER_VIEW) is False
    assert can(admin, Perm.READER_VIEW) is True


def test_anonymous_and_roleless_users_are_refused():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticatedError):
        ensure_can(AnonymousUser(), Perm.READER_VIEW)
    with pytest.raises(PermissionDeniedError):
        ensure_can(StaffFactory(), Perm.READER_VIEW)


def test_inactive_staff_lose_their_rights():
    admin = staff_with_role(Role.NETWORK_ADMIN, is_active=False)
    assert can(admin, Perm.READER_VIEW) is False
