"""Fixtures shared by every app's tests."""

import pytest
from django.test import Client

from wenlan.core.cache import process_cache_clear


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    # Rows made by one test may take the primary keys of another's (SQLite reuses
    # them after a rollback): nothing read-mostly is carried from test to test.
    process_cache_clear()
    yield
    process_cache_clear()


@pytest.fixture(autouse=True)
def _media_dir(settings, tmp_path):
    """Uploads go to the test's own directory, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def client() -> Client:
    return Client(REMOTE_ADDR="203.0.113.7")


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in English activates English for the rest of the thread (the
    language middleware does not undo it); the next test starts in the default."""
    yield
    from django.utils import translation

    translation.deactivate()
