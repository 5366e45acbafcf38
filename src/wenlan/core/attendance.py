"""Whether a reader attended an event, for an app that may not import the one that
keeps attendance: a space can ask for an induction (an event) before a reader books
it, and spaces sits beside events, not above them (docs/architecture.md).

The app that keeps attendance answers in an `attendance.py` module of its own, with
`reader_attended(*, reader_id: int, event_id: int) -> bool`. Apps are found through
the installed apps, as `core.personal_data` finds their sections, so core imports
none of them; with no such app installed nobody has attended anything."""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE_NAME = "attendance"


def reader_attended(*, reader_id: int, event_id: int) -> bool:
    """True when an app that keeps attendance says the reader attended an
    occurrence of the event."""
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE_NAME}"
        if name == __name__ or not module_has_submodule(config.module, MODULE_NAME):
            continue  # core's own module is this one, the port
        if import_module(name).reader_attended(reader_id=reader_id, event_id=event_id):
            return True
    return False
