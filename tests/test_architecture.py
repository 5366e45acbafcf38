"""The layers of CONVENTIONS.md, kept by import-linter's contracts in pyproject.toml."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_imports_point_down_the_layers():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is a dev dependency: pip install -e '.[dev]'"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken." in result.stdout


def test_views_and_apis_do_not_write_with_the_orm():
    """Habit 1: transport code calls services; it never saves, creates or deletes rows."""
    offenders = []
    for path in (ROOT / "src" / "wenlan").rglob("*.py"):
        if path.name not in {"views.py", "api.py"}:
            continue
        text = path.read_text()
        for needle in (".save(", ".objects.create(", ".delete()", ".update("):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


@pytest.mark.django_db
def test_migrations_match_the_models():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
