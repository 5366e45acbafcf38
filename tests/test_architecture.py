"""The layers of CONVENTIONS.md, kept by import-linter's contracts in pyproject.toml,
and the shape of the code: thin transport, modules of at most 500 lines, package
`__init__.py` files that hold only their docstring."""

import ast
import re
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
    """Views and admin (modules and packages), routers, tasks, management commands, and
    all of interop and api: the code that parses, authorises, calls and renders."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if (
            parts[0] in {"interop", "api"}
            or path.name in {"views.py", "api.py", "admin.py", "tasks.py"}
            or path.name.startswith("admin_")
            or {"views", "admin"} & set(parts[:-1])
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
        "accounts/admin_base.py",
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


def _app_of(path: Path) -> str:
    parts = path.relative_to(SRC).parts
    return "/".join(parts[:2]) if parts[0] == "interop" else parts[0]


OTHER_APPS_MODELS = re.compile(
    r"^(?P<indent>[ \t]*)(?:from\s+wenlan\.(?P<app>\w+)\.models\b[\w.]*\s+import"
    r"|import\s+wenlan\.(?P<app2>\w+)\.models\b)",
    re.MULTILINE,
)


def _imports_of_models(text: str) -> list[tuple[str, bool]]:
    """(app, typing only) for each import of an app's models: typing only when the
    import sits in the indented block of an `if TYPE_CHECKING:`."""
    found = []
    lines = text.splitlines()
    for match in OTHER_APPS_MODELS.finditer(text):
        app = match.group("app") or match.group("app2")
        typing_only = False
        if match.group("indent"):
            line_no = text.count("\n", 0, match.start())
            for earlier in reversed(lines[:line_no]):
                if earlier.strip() and not earlier.startswith((" ", "\t")):
                    typing_only = earlier.strip() in {
                        "if TYPE_CHECKING:",
                        "if typing.TYPE_CHECKING:",
                    }
                    break
        found.append((app, typing_only))
    return found


def test_model_imports_are_classified():
    text = (
        "from wenlan.network.models import Library\n"
        "if TYPE_CHECKING:\n"
        "    from wenlan.patrons.models import Reader\n"
        "def f():\n"
        "    from wenlan.catalog.models.records import Record\n"
        "import wenlan.events.models\n"
    )
    assert _imports_of_models(text) == [
        ("network", False),
        ("patrons", True),
        ("catalog", False),
        ("events", False),
    ]


def test_transport_does_not_import_other_apps_models():
    """Habit 1 and the layers: transport reads another app's rows through that app's
    selectors; its models may appear only as type hints under `if TYPE_CHECKING:`."""
    offenders = [
        f"{path.relative_to(ROOT)}: wenlan.{app}.models"
        for path in _transport_modules()
        for app, typing_only in _imports_of_models(path.read_text())
        if app != _app_of(path) and not typing_only
    ]
    assert offenders == []


SQL_IN_SERVICES = re.compile(r"connection\.vendor|\.cursor\(|\.raw\(|\bexecute\(")


def test_services_hold_no_sql_and_no_database_branch():
    """ADR 0004: a service calls a lock or a selector by name; a statement and a
    branch on the database live in `<app>/locks.py`, the selectors or `core`."""
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in SRC.rglob("*.py")
        if "services" in path.relative_to(SRC).parts or path.name == "services.py"
        if "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SQL_IN_SERVICES.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_migrations_match_the_models():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_no_module_stands_beside_a_package_of_the_same_name():
    """Python imports the package and never the module: such a module is dead code
    that still reads as the real one (a merge once left `circulation/selectors.py`
    beside `circulation/selectors/`)."""
    shadowed = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if (path.with_suffix("") / "__init__.py").exists()
    ]
    assert shadowed == []


MAX_MODULE_LINES = 500


def test_no_module_is_over_500_lines():
    """CONVENTIONS: a module past about 500 lines becomes a package. Migrations are
    written by Django and left out."""
    long = {
        str(path.relative_to(SRC)): lines
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.relative_to(SRC).parts
        and (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def _statements_beyond_the_docstring(path: Path) -> list[str]:
    body = ast.parse(path.read_text()).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return [
        ast.unparse(node)
        for node in body
        if not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
    ]


def test_a_package_init_holds_its_docstring_only():
    """A name has one import path: callers import the module it lives in. A `models`
    package is the exception, as Django finds an app's models there."""
    crowded = {
        str(path.relative_to(SRC)): statements
        for path in sorted(SRC.rglob("__init__.py"))
        if path.parent.name != "models" and (statements := _statements_beyond_the_docstring(path))
    }
    assert crowded == {}


def test_the_init_rule_sees_imports_and_allows_a_docstring(tmp_path):
    init = tmp_path / "__init__.py"
    init.write_text('"""The package."""\n\nfrom __future__ import annotations\n')
    assert _statements_beyond_the_docstring(init) == []
    init.write_text('"""The package."""\n\nfrom x.y import z\n__all__ = ["z"]\n')
    assert _statements_beyond_the_docstring(init) == ["from x.y import z", "__all__ = ['z']"]
