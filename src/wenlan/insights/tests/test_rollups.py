"""The dashboard's figures read from the export's rollups are the figures read from
the log, row for row (distinct readers included), for the network and every
library, over several periods; and still after a later export added rows to months
already exported (their rollup partitions rebuilt)."""

import datetime as dt
import random

import pytest

from wenlan.analytics.selectors import export_has_rollups
from wenlan.analytics.services import analytics_export
from wenlan.analytics.storage import Store
from wenlan.analytics.tests.factories import NOW, START, generated_log, pseudonym_of
from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.models import CirculationLogEntry
from wenlan.core import clock
from wenlan.insights.dashboard import dashboard_rows
from wenlan.insights.policies import Period
from wenlan.insights.rollup_figures import ROLLUP_AGGREGATIONS

pytestmark = pytest.mark.django_db
PERIODS = (Period("2026-03", "2026-07"), Period("2026-04", "2026-05"), Period("2026-06", "2026-06"))


def _same_figures(log) -> int:
    compared = 0
    for period in PERIODS:
        for library in (None, *[lib.pk for lib in log.libraries]):
            _, raw, _ = dashboard_rows(
                library_id=library, period=period, rollups=False, cached=False
            )
            _, rolled, _ = dashboard_rows(library_id=library, period=period, cached=False)
            assert rolled.keys() == raw.keys()
            for key in raw:
                assert rolled[key] == raw[key], (key, library, period)
                assert [type(v) for r in rolled[key] for v in r.values()] == [
                    type(v) for r in raw[key] for v in r.values()
                ], key
                compared += key in ROLLUP_AGGREGATIONS["library" if library else "network"]
    return compared


def test_the_rollups_give_the_figures_of_the_log(settings):
    log = generated_log(entries=1500, readers=60, seed=13)
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    assert export_has_rollups()
    manifest = Store(settings.WENLAN_ANALYTICS_URI).current_manifest()
    assert manifest.dataset("rollup_hours").rows < manifest.dataset("circulation").rows
    assert _same_figures(log) == len(PERIODS) * 4 * 9
    # A later export adds entries to months and libraries already exported (back-dated
    # imports do): only those months are rebuilt.
    rng = random.Random(5)
    CirculationLogEntry.objects.bulk_create(
        CirculationLogEntry(
            at=START + dt.timedelta(days=rng.randrange(55), hours=rng.randrange(24)),
            kind=rng.choice([LogEntryKind.CHECKOUT, LogEntryKind.CHECKIN]),
            reader_pseudonym=pseudonym_of(reader),
            reader_category=reader.category,
            item_id=rng.choice(log.items).pk,
            record_id=log.items[0].record_id,
            library_id=log.libraries[n % 2].pk,
            channel="desk",
        )
        for n, reader in enumerate(rng.choice(log.readers) for _ in range(300))
    )
    before = set(f["path"] for f in manifest.dataset("rollup_readers").files)
    with clock.freeze(NOW + dt.timedelta(days=1)):
        report = analytics_export(settle_seconds=0)
    assert report.rollup_files > 0
    after = Store(settings.WENLAN_ANALYTICS_URI).current_manifest()
    kept = before & set(f["path"] for f in after.dataset("rollup_readers").files)
    # March and April rebuilt, the other months' files kept as they were.
    assert {p.split("month=")[1][:7] for p in before - kept} == {"2026-03", "2026-04"}
    assert kept
    assert _same_figures(log)


def test_an_export_without_rollups_is_read_from_the_log(settings):
    log = generated_log(entries=300, readers=20, seed=2)
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    store = Store(settings.WENLAN_ANALYTICS_URI)
    manifest = store.current_manifest()
    for name in [n for n in manifest.datasets if n.startswith("rollup_")]:
        del manifest.datasets[name]
    store.manifest_write(manifest)
    assert not export_has_rollups()
    period = PERIODS[0]
    _, raw, _ = dashboard_rows(library_id=None, period=period, rollups=False, cached=False)
    assert dashboard_rows(library_id=None, period=period, cached=False)[1] == raw
    assert raw["clc"] and log
