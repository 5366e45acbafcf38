import datetime as dt
import hashlib

import pytest

from wenlan.accounts.actors import ApiKeyActor
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.models import ApiKey
from wenlan.accounts.services import apikey_authenticate, apikey_create, apikey_revoke
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError, ValidationError

pytestmark = pytest.mark.django_db


def test_key_is_stored_hashed_and_authenticates_with_its_scopes():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    api_key, key = apikey_create(user=admin, name="app", scopes=[Perm.LIBRARY_VIEW])
    stored = ApiKey.objects.get(pk=api_key.pk)
    assert key not in stored.key_hash
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    actor = apikey_authenticate(key=key)
    assert actor == ApiKeyActor(user=admin, scopes=frozenset({Perm.LIBRARY_VIEW}))


def test_revoked_expired_and_wrong_keys_do_not_authenticate():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    _, revoked = apikey_create(user=admin, name="a", scopes=[])
    apikey_revoke(api_key_id=ApiKey.objects.get(name="a").pk)
    _, expired = apikey_create(
        user=admin, name="b", scopes=[], expires_at=clock.now() - dt.timedelta(seconds=1)
    )
    assert apikey_authenticate(key=revoked) is None
    assert apikey_authenticate(key=expired) is None
    assert apikey_authenticate(key="wl_nothing_here") is None
    assert apikey_authenticate(key="") is None


def test_unknown_scope_is_refused():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    with pytest.raises(ValidationError):
        apikey_create(user=admin, name="x", scopes=["everything"])
    assert ApiKey.objects.count() == 0


def test_only_key_managers_create_keys():
    librarian = staff_with_role(Role.REFERENCE_LIBRARIAN)
    with pytest.raises(PermissionDeniedError):
        apikey_create(user=librarian, name="x", scopes=[], actor=librarian)
    assert ApiKey.objects.count() == 0
