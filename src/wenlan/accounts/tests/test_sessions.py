import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wenlan.accounts.sessions import SessionStore
from wenlan.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _stored(data: dict, *, expires_in: dt.timedelta) -> str:
    store = SessionStore()
    store.update(data)
    store.set_expiry(timezone.now() + expires_in)
    store.save()
    return store.session_key


def test_loads_a_live_session_in_one_statement():
    key = _stored({"answer": 42, "名": "文澜"}, expires_in=dt.timedelta(hours=1))
    with CaptureQueriesContext(connection) as queries:
        store = SessionStore(key)
        assert store["answer"] == 42
        assert store["名"] == "文澜"
    assert len(queries) == 1
    assert store.session_key == key


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key_when_saved():
    expired = _stored({"answer": 42}, expires_in=dt.timedelta(seconds=-1))
    for key in (expired, "x" * 32, None):
        store = SessionStore(key)
        assert store.load() == {}
        assert store.session_key is None
        store["fresh"] = True
        store.save()
        assert store.session_key not in (None, expired, "x" * 32)
        assert SessionStore(store.session_key)["fresh"] is True


def test_a_signed_in_page_reads_the_session_row(client):
    user = UserFactory()
    client.force_login(user)
    assert Session.objects.count() == 1
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
