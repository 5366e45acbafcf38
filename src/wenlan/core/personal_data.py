"""What each app holds about a reader, for the reader's data export and erasure (PIPL).

Every app that stores reader data has a `personal_data.py` module with a tuple
`SECTIONS` of `PersonalDataSection`s. `patrons.services.reader_export_data` puts
each section's export under its name in one JSON document, and
`patrons.services.reader_erase` first asks every section what stands in the way
(`blockers`), then erases each. `tests/test_personal_data.py` fails when a model
with a foreign key to a reader (or to the reader's user) is covered by no section,
so a new model holding reader data joins the export and the erasure
(docs/personal-data.md lists every key).

Apps are found through the installed apps, so core never imports them: a section
may use its own app's models, services and locks."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

MODULE_NAME = "personal_data"


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """Dates as ISO 8601; times in the library's time zone, with their offset."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return value.isoformat()


def _nothing(reader_id: int) -> None:
    return None


def _no_blockers(reader_id: int) -> list[str]:
    return []


@dataclass(frozen=True)
class PersonalDataSection:
    """`export(reader_id)` returns JSON-able data (lists, dicts, strings, numbers,
    ISO dates); `erase(reader_id)` removes or anonymises the section's data inside
    the erasure's transaction (the reader's row stays, blanked, so rows kept for
    statistics keep a valid foreign key); `blockers(reader_id)` lists, in the active
    language, what the reader must settle before they can be erased (a title to
    return, an amount to pay). `models` are the labels ("app.Model") of the models
    whose rows the section exports."""

    name: str
    models: tuple[str, ...]
    export: Callable[[int], Any]
    erase: Callable[[int], None] = _nothing
    blockers: Callable[[int], list[str]] = _no_blockers
    order: int = 100


def personal_data_sections() -> list[PersonalDataSection]:
    """Every app's sections, in export order (`order`, then the app order)."""
    sections: list[PersonalDataSection] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, MODULE_NAME):
            module = import_module(f"{config.name}.{MODULE_NAME}")
            sections.extend(getattr(module, "SECTIONS", ()))
    names = [section.name for section in sections]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ImproperlyConfigured(
            f"personal-data sections declared twice: {', '.join(duplicates)}"
        )
    return sorted(sections, key=lambda section: section.order)
