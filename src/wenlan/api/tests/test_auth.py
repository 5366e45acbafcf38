import pytest

from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.models import ApiKey
from wenlan.accounts.services import apikey_create, apikey_revoke
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_session(client):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    ReaderFactory()
    client.force_login(admin)
    return admin


def test_a_wrong_key_is_refused_even_with_a_session(client, admin_session):
    """Before, the session cookie answered for the bad key (200)."""
    response = client.get("/api/patrons/readers", HTTP_X_API_KEY="wl_bad_key")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_key_is_refused_even_with_a_session(client, admin_session):
    api_key, key = apikey_create(user=admin_session, name="app", scopes=[Perm.READER_VIEW])
    apikey_revoke(api_key_id=api_key.pk)
    assert client.get("/api/patrons/readers", HTTP_X_API_KEY=key).status_code == 401
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at is None


def test_a_key_that_is_not_a_wenlan_key_is_refused_even_with_a_session(client, admin_session):
    assert client.get("/api/patrons/readers", HTTP_X_API_KEY="secret").status_code == 401


def test_a_valid_key_acts_with_its_own_scopes_not_the_sessions(client, admin_session):
    _, narrow = apikey_create(user=admin_session, name="narrow", scopes=[Perm.LIBRARY_VIEW])
    assert client.get("/api/patrons/readers", HTTP_X_API_KEY=narrow).status_code == 403


def test_without_a_key_the_session_is_used(client, admin_session):
    response = client.get("/api/patrons/readers")
    assert (response.status_code, len(response.json())) == (200, 1)


def test_a_public_endpoint_ignores_a_wrong_key(client):
    assert client.get("/api/network/libraries", HTTP_X_API_KEY="wl_bad_key").status_code == 200
