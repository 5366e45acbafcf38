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
    """Uploads go to the test's own directory, never to var/media or var/private."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WENLAN_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def client() -> Client:
    return Client(REMOTE_ADDR="203.0.113.7")


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request in English
    (LocaleMiddleware, a user's saved language) leaves its thread in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _analytics_dir(settings, tmp_path):
    """The analytics export writes to the test's own directory, never to var/."""
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")


def pytest_sessionfinish(session, exitstatus):
    """Under xdist, every collected test has reported, or the run fails: a worker
    that leaves early must not take its tests with it silently."""
    dsession = session.config.pluginmanager.getplugin("dsession")
    sched = getattr(dsession, "sched", None)
    if exitstatus != 0 or sched is None or not getattr(sched, "collection", None):
        return
    reporter = session.config.pluginmanager.getplugin("terminalreporter")
    reported = {
        getattr(report, "nodeid", None) for reports in reporter.stats.values() for report in reports
    }
    missing = [nodeid for nodeid in sched.collection if nodeid not in reported]
    if missing:
        reporter.write_line(f"{len(missing)} collected tests never reported, e.g.:", red=True)
        for nodeid in missing[:20]:
            reporter.write_line(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
