"""The whole demo, loaded once for the tests that look at it.

`wenlan demo` takes a minute or more, too long to run for each test that checks a
part of it. `whole_demo` loads it once for this package's tests in a worker and
commits it; each test then runs in its own transaction, rolled back after it, as
usual; after the package's last test the database is flushed, as after a
transactional test, so no other test sees the demo. Under xdist each worker that
runs some of these tests loads it once (at most twice a run: `--dist loadgroup`
would keep them on one worker, but its scheduler merges tests that share a node id,
as schemathesis' operations do, and would drop them).

As `make run` does, the catalog is ../shared's 2,500 records when ../shared is
there, else the small built-in one (the parts that need more copies than it has,
such as the deliveries, are then left out, and their tests skip)."""

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings


@dataclass(frozen=True)
class LoadedDemo:
    var_dir: Path
    summary: str  # the command's last line: its JSON summary

    def credentials(self) -> dict:
        return json.loads((self.var_dir / "demo-credentials.json").read_text())

    def settings(self) -> dict:
        return {
            "VAR_DIR": self.var_dir,
            "WENLAN_INDEX_DIR": self.var_dir / "index",
            "WENLAN_ANALYTICS_URI": str(self.var_dir / "analytics"),
            "MEDIA_ROOT": self.var_dir / "media",
            "WENLAN_PRIVATE_MEDIA_ROOT": self.var_dir / "private",
        }


@pytest.fixture(scope="package")
def _whole_demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("whole-demo")
    loaded = LoadedDemo(var_dir=var_dir, summary="")
    fast = {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    }
    with (
        override_settings(**loaded.settings(), **fast),
        django_db_blocker.unblock(),
    ):
        out = io.StringIO()
        try:
            call_command("demo", stdout=out)
            yield LoadedDemo(var_dir=var_dir, summary=out.getvalue().strip().splitlines()[-1])
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def whole_demo(_whole_demo_loaded, settings) -> LoadedDemo:
    """The loaded demo, with the settings it was loaded with (the test's own
    directories would hide its files)."""
    for name, value in _whole_demo_loaded.settings().items():
        setattr(settings, name, value)
    return _whole_demo_loaded
