import pytest
from django.contrib.auth.models import AnonymousUser

from wenlan.accounts.actors import SYSTEM, ApiKeyActor, KioskActor, acting_user
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.permissions import (
    can,
    ensure_can,
    grants_for,
    library_scope,
    partner_scope,
    request_grants_cache,
)
from wenlan.accounts.services import apikey_authenticate, apikey_create
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import PermissionDeniedError
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory, ThemedBranchFactory

pytestmark = pytest.mark.django_db


def _wenlan_attributes(user) -> list[str]:
    return [name for name in vars(user) if "wenlan" in name]


# --- a user -----------------------------------------------------------------------


def test_a_user_acts_with_all_their_roles_and_is_their_own_user():
    library = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    assert can(librarian, Perm.CIRCULATION_DESK, library_id=library.pk) is True
    assert can(librarian, Perm.READER_CHANGE, library_id=library.pk) is True
    assert acting_user(librarian) == librarian


def test_no_attribute_is_set_on_a_user():
    library = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    key = ApiKeyActor(user=librarian, scopes=frozenset({Perm.LIBRARY_VIEW}))
    kiosk = KioskActor(user=librarian, library_id=library.pk)
    for actor in (librarian, key, kiosk):
        assert can(actor, Perm.LIBRARY_VIEW, library_id=library.pk) is True
        library_scope(actor, Perm.READER_VIEW)
    with request_grants_cache():
        assert can(librarian, Perm.READER_VIEW, library_id=library.pk) is True
    assert _wenlan_attributes(librarian) == []


def test_outside_a_request_a_users_grants_are_read_each_time(django_assert_num_queries):
    library = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    with django_assert_num_queries(2):  # the roles, then the libraries beneath
        can(librarian, Perm.READER_VIEW, library_id=library.pk)
    librarian.staff_roles.all().delete()
    with django_assert_num_queries(1):
        assert can(librarian, Perm.READER_VIEW, library_id=library.pk) is False


def test_in_a_request_a_users_grants_are_read_once(django_assert_num_queries):
    library = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    same_user_read_again = type(librarian).objects.get(pk=librarian.pk)
    with request_grants_cache(), django_assert_num_queries(2):
        for perm in Perm:
            can(librarian, perm, library_id=library.pk)
        assert can(same_user_read_again, Perm.READER_VIEW) is True
    with django_assert_num_queries(2):  # the next request reads them afresh
        can(librarian, Perm.READER_VIEW, library_id=library.pk)


def test_an_anonymous_visitor_has_no_grants_and_no_user():
    visitor = AnonymousUser()
    assert can(visitor, Perm.LIBRARY_VIEW) is False
    assert acting_user(visitor) is None
    assert acting_user(None) is None


# --- an API key ----------------------------------------------------------------------


def test_an_api_key_with_only_library_view_cannot_lend():
    library = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    _, secret = apikey_create(user=librarian, name="opening hours", scopes=[Perm.LIBRARY_VIEW])
    key = apikey_authenticate(key=secret)
    assert key == ApiKeyActor(user=librarian, scopes=frozenset({Perm.LIBRARY_VIEW}))
    assert can(key, Perm.LIBRARY_VIEW, library_id=library.pk) is True
    with pytest.raises(PermissionDeniedError):
        ensure_can(key, Perm.CIRCULATION_DESK, library_id=library.pk)
    assert library_scope(key, Perm.READER_VIEW) == set()
    assert acting_user(key) == librarian


def test_an_api_keys_scopes_never_add_to_its_users_roles():
    library = LibraryFactory()
    cataloguer = staff_with_role(Role.CATALOGUER, library=library)
    key = ApiKeyActor(
        user=cataloguer, scopes=frozenset({Perm.CATALOG_CHANGE, Perm.CIRCULATION_DESK})
    )
    assert can(key, Perm.CATALOG_CHANGE, library_id=library.pk) is True
    assert can(key, Perm.CIRCULATION_DESK, library_id=library.pk) is False


def test_an_api_key_reads_its_grants_once(django_assert_num_queries):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    key = ApiKeyActor(user=admin, scopes=frozenset(Perm))
    with django_assert_num_queries(1):
        for perm in Perm:
            assert can(key, perm) is True


def test_an_inactive_users_key_can_do_nothing():
    admin = staff_with_role(Role.NETWORK_ADMIN, is_active=False)
    key = ApiKeyActor(user=admin, scopes=frozenset(Perm))
    assert can(key, Perm.LIBRARY_VIEW) is False


# --- a kiosk -------------------------------------------------------------------------


def test_a_kiosk_cannot_lend_at_another_library():
    district = LibraryFactory(code="XH")
    branch = ThemedBranchFactory(code="XH-1", parent=district)
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=district)
    assert can(librarian, Perm.CIRCULATION_DESK, library_id=branch.pk) is True
    kiosk = KioskActor(user=librarian, library_id=district.pk)
    ensure_can(kiosk, Perm.CIRCULATION_DESK, library_id=district.pk)
    with pytest.raises(PermissionDeniedError):
        ensure_can(kiosk, Perm.CIRCULATION_DESK, library_id=branch.pk)
    assert library_scope(kiosk, Perm.CIRCULATION_DESK) == {district.pk}


def test_a_kiosk_does_only_circulation():
    library = LibraryFactory()
    admin = staff_with_role(Role.NETWORK_ADMIN)
    kiosk = KioskActor(user=admin, library_id=library.pk)
    assert can(kiosk, Perm.CIRCULATION_DESK, library_id=library.pk) is True
    assert can(kiosk, Perm.LIBRARY_VIEW, library_id=library.pk) is True
    for perm in set(Perm) - {Perm.CIRCULATION_DESK, Perm.LIBRARY_VIEW}:
        assert can(kiosk, perm, library_id=library.pk) is False, perm
    assert partner_scope(kiosk, Perm.LIBRARY_VIEW) == set()
    assert acting_user(kiosk) == admin


def test_a_kiosk_at_a_library_its_user_does_not_serve_can_do_nothing():
    mine, theirs = LibraryFactory(), LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=mine)
    kiosk = KioskActor(user=librarian, library_id=theirs.pk)
    assert grants_for(kiosk).libraries == {}
    assert can(kiosk, Perm.CIRCULATION_DESK, library_id=theirs.pk) is False


# --- the system ----------------------------------------------------------------------


def test_the_system_can_do_everything_everywhere_without_a_user(django_assert_num_queries):
    library, partner = LibraryFactory(), PartnerFactory()
    with django_assert_num_queries(0):
        for perm in Perm:
            ensure_can(SYSTEM, perm, library_id=library.pk)
            ensure_can(SYSTEM, perm, partner_id=partner.pk)
            assert library_scope(SYSTEM, perm) is None
            assert partner_scope(SYSTEM, perm) is None
    assert acting_user(SYSTEM) is None
