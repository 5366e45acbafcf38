"""Datasets that apps above the analytics layer add to the export (o2o's orders).
Such an app has a module `analytics_datasets.py` with a tuple `SOURCES` of
`DatasetSource`s; they are found through the installed apps (as core.personal_data
finds its sections), so analytics never imports the apps above it. The export
writes their rows like its own datasets' (partitions, watermarks, manifest) and
the engines open a view of each under its name."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from wenlan.analytics import datasets
from wenlan.analytics.rollups import ROLLUPS

MODULE_NAME = "analytics_datasets"


@dataclass(frozen=True)
class DatasetSource:
    """`batches(watermark=, now=, settle_seconds=, batch_size=)` yields the rows
    after `watermark` as `datasets.Batch`es, the last one carrying the watermark
    reached (as datasets.hold_batches does)."""

    dataset: datasets.Dataset
    batches: Callable[..., Iterator[datasets.Batch]]


@cache
def sources_added() -> tuple[DatasetSource, ...]:
    found: list[DatasetSource] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, MODULE_NAME):
            module = import_module(f"{config.name}.{MODULE_NAME}")
            found.extend(module.SOURCES)
    names = [s.dataset.name for s in found]
    if len(set(names)) != len(names) or set(names) & (set(datasets.DATASETS) | set(ROLLUPS)):
        raise ValueError(f"an analytics dataset is defined twice: {sorted(names)}")
    return tuple(found)


def datasets_all() -> dict[str, datasets.Dataset]:
    """The analytics layer's datasets, its rollups, then those the apps above it add."""
    added = {s.dataset.name: s.dataset for s in sources_added()}
    return {**datasets.DATASETS, **ROLLUPS, **added}
