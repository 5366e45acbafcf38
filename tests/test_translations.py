"""The translation files are complete and well formed: every message in the code is
in both catalogs, English has a translation for each, and placeholders match."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _catalog(language: str):
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as fh:
        return read_po(fh)


def _ids(catalog) -> set[str]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}


@pytest.mark.parametrize("language", ["en", "zh_Hans"])
def test_catalog_is_not_fuzzy(language):
    catalog = _catalog(language)
    assert not catalog.fuzzy
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


def test_every_english_message_is_translated_with_the_same_placeholders():
    missing, broken = [], []
    for message in _catalog("en"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(ids[0])
            continue
        wanted = sorted(PLACEHOLDER.findall(ids[0]))
        if any(sorted(PLACEHOLDER.findall(s)) != wanted for s in strings[-1:]):
            broken.append(ids[0])
    assert missing == []
    assert broken == []


def test_both_catalogs_hold_the_same_messages():
    assert _ids(_catalog("en")) == _ids(_catalog("zh_Hans"))


def test_catalogs_hold_every_message_of_the_code(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed; CI installs it to run this check")
    tree = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "wenlan", tree / "wenlan")
    (tree / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location"],
        cwd=tree,
        check=True,
        capture_output=True,
        env=env,
    )
    with open(tree / "locale" / "en" / "LC_MESSAGES" / "django.po", "rb") as fh:
        fresh = _ids(read_po(fh))
    assert sorted(fresh - _ids(_catalog("en"))) == []


@pytest.mark.parametrize("language", ["en", "zh_Hans"])
def test_catalog_is_well_formed(language):
    """Every entry has its msgid and msgstr (a merge once dropped `msgstr ""` lines)."""
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as fh:
        read_po(fh, abort_invalid=True)
