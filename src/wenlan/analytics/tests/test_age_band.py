"""The circulation dataset's age band: computed at export time from the reader's
birth year and the day of the entry, never the year itself; old files without the
column still read (as unknown) on both engines and through compaction."""

import datetime as dt
from collections import Counter, defaultdict

import pyarrow.parquet as pq
import pytest
from django.utils import timezone

from wenlan.analytics import engines, services
from wenlan.analytics.datasets import CIRCULATION
from wenlan.analytics.services import analytics_export
from wenlan.analytics.storage import Store
from wenlan.analytics.tests.factories import (
    NOW,
    CirculationLogEntryFactory,
    generated_log,
    pseudonym_of,
)
from wenlan.circulation.models import CirculationLogEntry
from wenlan.core import clock
from wenlan.patrons.policies import age_band
from wenlan.patrons.tests.factories import OfflineReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(settings):
    return Store(settings.WENLAN_ANALYTICS_URI)


def _export(at=NOW):
    with clock.freeze(at):
        return analytics_export(settle_seconds=0)


def _circulation(store) -> list[dict]:
    files = store.current_manifest().dataset("circulation").files
    return [row for f in files for row in pq.read_table(store.path(f["path"])).to_pylist()]


def _expected_bands(log) -> dict[int, str]:
    """Entry id -> the band counted in Python from the readers' birth years."""
    zone = timezone.get_default_timezone()
    years = {pseudonym_of(r): r.birth_year for r in log.readers if r.allow_analytics}
    return {
        e.pk: age_band(birth_year=years.get(e.reader_pseudonym), on=e.at.astimezone(zone).date())
        for e in CirculationLogEntry.objects.all()
    }


def test_each_entry_carries_the_borrowers_band_on_the_day_and_never_the_year(store):
    log = generated_log(entries=300)
    _export()
    rows = _circulation(store)
    assert {row["id"]: row["age_band"] for row in rows} == _expected_bands(log)
    # Every band is there, unknown too (no year given, or analytics refused).
    assert {row["age_band"] for row in rows} == {
        "0-6", "7-12", "13-17", "18-34", "35-59", "60+", "unknown"
    }  # fmt: skip
    refusers = {e.pk for e in CirculationLogEntry.objects.filter(reader_pseudonym="")}
    assert {row["age_band"] for row in rows if row["id"] in refusers} == {"unknown"}
    names = set(CIRCULATION.schema.names)
    assert "age_band" in names and not {n for n in names if "birth" in n or n == "age"}
    years = {str(r.birth_year) for r in log.readers if r.birth_year}
    assert not {v for row in rows for v in row.values() if isinstance(v, str)} & years
    assert not {v for row in rows for v in row.values() if isinstance(v, int)} & {
        r.birth_year for r in log.readers if r.birth_year
    } - {row["id"] for row in rows} - {row["item_id"] for row in rows}


def test_loans_by_age_band_counts_the_loans_and_borrowers_of_each_band(store):
    log = generated_log(entries=300)
    _export()
    bands = _expected_bands(log)
    loans, readers = Counter(), defaultdict(set)
    for entry in CirculationLogEntry.objects.filter(kind="checkout"):
        loans[bands[entry.pk]] += 1
        if entry.reader_pseudonym:
            readers[bands[entry.pk]].add(entry.reader_pseudonym)
    rows = engines.aggregation_run("loans_by_age_band").rows
    assert rows == [
        {"age_band": band, "loans": loans[band], "readers": len(readers[band])}
        for band in sorted(loans)
    ]
    library = log.libraries[0].pk
    filtered = engines.aggregation_run("loans_by_age_band", params={"library": str(library)})
    assert sum(r["loans"] for r in filtered.rows) == (
        CirculationLogEntry.objects.filter(kind="checkout", library_id=library).count()
    )


def _strip_age_band(store) -> int:
    """Rewrite the current export's circulation files, and its manifest, as they
    were written before the column existed; returns their rows."""
    rows = 0
    manifest = store.current_manifest()
    for f in manifest.dataset("circulation").files:
        table = pq.read_table(store.path(f["path"])).drop_columns(["age_band"])
        pq.write_table(table, store.path(f["path"]))
        rows += table.num_rows
        del f["columns"]  # the manifests before the column said nothing of columns
    store.manifest_write(manifest)
    return rows


def test_files_from_before_the_column_read_as_unknown_beside_new_ones(store):
    at = NOW - dt.timedelta(days=3)
    reader = OfflineReaderFactory(birth_year=1980)
    old = CirculationLogEntryFactory.create_batch(
        4, at=at, library_id=None, reader_pseudonym=pseudonym_of(reader)
    )
    _export()
    assert {row["age_band"] for row in _circulation(store)} == {"35-59"}
    assert _strip_age_band(store) == 4
    assert engines.aggregation_run("loans_by_age_band").rows == [
        {"age_band": "unknown", "loans": 4, "readers": 1}
    ]
    log = generated_log(entries=60, readers=7)
    _export(NOW + dt.timedelta(minutes=1))
    new = Counter(
        band
        for pk, band in _expected_bands(log).items()
        if pk not in {e.pk for e in old}
        and CirculationLogEntry.objects.get(pk=pk).kind == "checkout"
    )
    new["unknown"] += 4
    rows = engines.aggregation_run("loans_by_age_band").rows
    assert {r["age_band"]: r["loans"] for r in rows} == dict(new)
    # The dashboard's way: the files read once into memory tables, the same rows.
    loaded = engines.aggregations_run_many(
        {"bands": ("loans_by_age_band", {})}, load_until="2026-12"
    )
    assert loaded["bands"].rows == rows


def test_compaction_fills_the_missing_column_with_null(store, monkeypatch):
    monkeypatch.setattr(services, "COMPACT_FILES", 2)
    at = NOW - dt.timedelta(days=3)
    CirculationLogEntryFactory.create_batch(2, at=at, library_id=None)
    _export()
    _strip_age_band(store)
    for n in range(1, 3):
        CirculationLogEntryFactory.create_batch(n, at=at, library_id=None)
        report = _export(NOW + dt.timedelta(minutes=n))
    assert report.compacted_files == 3
    files = store.current_manifest().dataset("circulation").files
    assert [f["columns"] for f in files] == [len(CIRCULATION.columns)]
    table = pq.read_table(store.path(files[0]["path"]))
    assert table.schema == CIRCULATION.schema
    assert sorted(table.column("age_band").to_pylist(), key=str) == [None, None] + ["unknown"] * 3
    assert engines.aggregation_run("loans_by_age_band").rows == [
        {"age_band": "unknown", "loans": 5, "readers": 0}
    ]
