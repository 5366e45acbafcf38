"""The layers of CONVENTIONS.md, kept by import-linter's contracts in pyproject.toml."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "wenlan"


def test_imports_point_down_the_layers():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is a dev dependency: pip install -e '.[dev]'"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken." in result.stdout


def _transport_modules() -> list[Path]:
    """Views (modules and packages), routers, admin, tasks, management commands, and
    all of interop and api: the code that parses, authorises, calls and renders."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if (
            parts[0] in {"interop", "api"}
            or path.name in {"views.py", "api.py", "admin.py", "tasks.py"}
            or "views" in parts[:-1]
            or parts[-3:-1] == ("management", "commands")
        ):
            found.append(path)
    return found


def test_transport_modules_are_found():
    found = {str(path.relative_to(SRC)) for path in _transport_modules()}
    assert {
        "catalog/views.py",
        "events/views/events.py",
        "events/api.py",
        "catalog/admin.py",
        "notices/tasks.py",
        "catalog/management/commands/import-marc.py",
        "interop/sip2/handlers.py",
        "interop/ical/exporter.py",
        "api/auth.py",
    } <= found
    assert not any("tests/" in name or "migrations/" in name for name in found)


# Calls that write rows. `formset.save(commit=False)` and `some_set.update(...)` are
# not among them: the one builds unsaved objects, the other is a set's method.
ORM_WRITES = (
    ".save()",
    ".save(update_fields",
    ".objects.create(",
    ".delete()",
    ").update(",
    ".bulk_create(",
    ".get_or_create(",
    ".update_or_create(",
)


def test_transport_does_not_write_with_the_orm():
    """Habit 1: transport code calls services; it never saves, creates or deletes rows."""
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in _transport_modules()
        for needle in ORM_WRITES
        if needle in path.read_text()
    ]
    assert offenders == []


@pytest.mark.django_db
def test_migrations_match_the_models():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
