"""A reader withdrew a consent (a privacy choice turned off): the apps that keep
data under it delete it at once, in the same transaction, for an app that may not
import them (patrons sits below recommendations, docs/architecture.md).

An app that keeps data under a choice answers in a `withdrawals.py` module of its
own, with `consent_withdrawn(*, reader_id: int, consent: str) -> None` (`consent`
is the reader's field, e.g. "allow_recommendations"). Apps are found through the
installed apps, as `core.personal_data` finds their sections."""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE_NAME = "withdrawals"


def consent_withdrawn(*, reader_id: int, consent: str) -> None:
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE_NAME}"
        if name == __name__ or not module_has_submodule(config.module, MODULE_NAME):
            continue  # core's own module is this one, the port
        import_module(name).consent_withdrawn(reader_id=reader_id, consent=consent)
