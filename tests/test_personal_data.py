"""Every model that holds reader data is in the reader's export and erasure
(core/personal_data.py), and docs/personal-data.md describes every key."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test.utils import isolate_apps

from wenlan.core.personal_data import personal_data_sections
from wenlan.patrons.personal_data import privacy_export, reader_export
from wenlan.patrons.tests.factories import ReaderFactory

ROOT = Path(__file__).resolve().parent.parent


def _points_at_a_reader(field) -> bool:
    if not isinstance(field, models.ForeignKey | models.OneToOneField):
        return False
    target = field.related_model._meta.label
    return target in {"patrons.Reader", settings.AUTH_USER_MODEL}


def models_left_out(candidates, covered: set[str]) -> list[str]:
    """Models with a foreign key to a reader, or to the user of a reader, that no
    personal-data section exports."""
    return sorted(
        model._meta.label
        for model in candidates
        if model._meta.label not in covered
        and any(_points_at_a_reader(field) for field in model._meta.get_fields())
    )


def _wenlan_models():
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("wenlan.")
        for model in config.get_models()
    ]


def _covered() -> set[str]:
    return {label for section in personal_data_sections() for label in section.models}


def test_every_model_holding_reader_data_is_in_the_export():
    assert models_left_out(_wenlan_models(), _covered()) == []


def test_every_covered_model_exists():
    """A section naming a model that was renamed or removed covers nothing."""
    for label in _covered():
        apps.get_model(label)


@isolate_apps("wenlan.core")
def test_a_new_model_holding_reader_data_is_caught():
    class ReaderNote(models.Model):  # noqa: DJ008
        reader = models.ForeignKey(apps.get_model("patrons.Reader"), on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class StaffNote(models.Model):  # noqa: DJ008
        author = models.ForeignKey(get_user_model(), on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class Plain(models.Model):  # noqa: DJ008
        text = models.TextField()

        class Meta:
            app_label = "core"

    assert models_left_out([ReaderNote, StaffNote, Plain], _covered()) == [
        "core.ReaderNote",
        "core.StaffNote",
    ]
    assert models_left_out([ReaderNote, StaffNote], _covered() | {"core.ReaderNote"}) == [
        "core.StaffNote"
    ]


def test_the_documentation_describes_every_key():
    text = (ROOT / "docs" / "personal-data.md").read_text()
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    keys = {"exported_at"} | {section.name for section in personal_data_sections()}
    assert keys == documented


# Reader columns that are not the reader's data in the download's sense: the row's
# bookkeeping, and the account (its own section).
READER_BOOKKEEPING = {"id", "created_at", "updated_at", "user", "erased_at"}


@pytest.mark.django_db
def test_every_field_of_the_readers_row_is_in_the_download():
    """A column added to Reader (the birth year, say) is in the reader's download."""
    reader = ReaderFactory()
    exported = set(reader_export(reader.pk)) | set(privacy_export(reader.pk))
    columns = {
        field.name
        for field in apps.get_model("patrons.Reader")._meta.concrete_fields
        if field.name not in READER_BOOKKEEPING
    }
    assert columns - exported == set()
