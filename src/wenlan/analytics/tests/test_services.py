"""The export: layout, manifest and pointer, increments, settling, a crash midway,
attendance, and that no file holds who a reader is."""

import datetime as dt
import json
from collections import Counter

import pyarrow.parquet as pq
import pytest
from django.utils import timezone

from wenlan.analytics import engines, services
from wenlan.analytics.services import analytics_export
from wenlan.analytics.storage import Store
from wenlan.analytics.tests.factories import (
    NOW,
    CirculationLogEntryFactory,
    generated_attendance,
    generated_log,
    pseudonym_of,
)
from wenlan.circulation.models import CirculationLogEntry
from wenlan.core import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(settings):
    return Store(settings.WENLAN_ANALYTICS_URI)


def _export(**kwargs):
    with clock.freeze(NOW):
        return analytics_export(settle_seconds=0, **kwargs)


def _loans_by_partition() -> Counter:
    zone = timezone.get_default_timezone()
    counts = Counter()
    for entry in CirculationLogEntry.objects.filter(kind="checkout"):
        local = entry.at.astimezone(zone)
        counts[(f"{local:%Y-%m}", entry.library_id or 0)] += 1
    return counts


def _loans_exported() -> Counter:
    rows = engines.aggregation_run("loans_by_month_library").rows
    return Counter({(r["month"], r["library"]): r["loans"] for r in rows})


def test_export_writes_partitions_a_manifest_and_the_pointer_last(store):
    log = generated_log(entries=300)
    report = _export()

    assert report.changed and report.export_id == store.current_export_id()
    circulation = report.datasets["circulation"]
    assert circulation.rows == 300
    manifest = store.manifest(report.export_id)
    files = manifest.dataset("circulation").files
    assert len(files) == circulation.files == circulation.partitions
    assert sum(f["rows"] for f in files) == 300
    assert manifest.dataset("circulation").watermark == {"last_id": log.entries[-1].pk}
    for f in files:
        dataset, month, library, name = f["path"].split("/")
        assert dataset == "circulation" and month.startswith("month=2026-0")
        assert library.startswith("library=") and name.startswith(f"part-{report.export_id}-")
        assert pq.read_metadata(store.path(f["path"])).num_rows == f["rows"]
    assert _loans_exported() == _loans_by_partition()
    assert json.loads(json.dumps(report.summary()))["datasets"]["circulation"]["rows"] == 300


def test_second_export_writes_only_new_rows_and_a_third_with_nothing_new_nothing(store):
    generated_log(entries=120)
    first = _export()
    later = NOW - dt.timedelta(minutes=5)
    CirculationLogEntryFactory.create_batch(7, at=later, library_id=None)

    second = _export()
    assert second.export_id > first.export_id
    assert second.datasets["circulation"].rows == 7
    assert second.datasets["circulation"].files == 1  # all in one partition
    assert store.current_manifest().dataset("circulation").rows == 127
    assert _loans_exported() == _loans_by_partition()

    files_before = store.files_under("")
    third = _export()
    assert not third.changed and third.export_id == second.export_id
    assert third.datasets["circulation"].rows == 0
    assert store.current_export_id() == second.export_id
    assert store.files_under("") == files_before


def test_entries_younger_than_the_settling_time_wait_for_the_next_export(store):
    CirculationLogEntryFactory(at=NOW - dt.timedelta(minutes=10))
    young = CirculationLogEntryFactory(at=NOW - dt.timedelta(seconds=30))
    CirculationLogEntryFactory(at=NOW - dt.timedelta(minutes=20))  # a smaller id came later

    with clock.freeze(NOW):
        report = analytics_export(settle_seconds=60)
    assert report.datasets["circulation"].rows == 1
    assert store.current_manifest().dataset("circulation").watermark == {"last_id": young.pk - 1}
    with clock.freeze(NOW + dt.timedelta(minutes=1)):
        report = analytics_export(settle_seconds=60)
    assert report.datasets["circulation"].rows == 2


def test_a_crash_midway_leaves_the_previous_export_and_a_rerun_counts_each_row_once(
    store, monkeypatch
):
    generated_log(entries=200)
    first = _export()
    totals = _loans_exported()
    CirculationLogEntryFactory.create_batch(3, at=NOW - dt.timedelta(days=40), library_id=None)
    CirculationLogEntryFactory.create_batch(4, at=NOW - dt.timedelta(days=2), library_id=None)

    opened = []
    real_writer = Store.writer

    def failing_writer(self, relative, schema):
        if len(opened) == 1:
            raise OSError("disk full")
        opened.append(relative)
        return real_writer(self, relative, schema)

    monkeypatch.setattr(Store, "writer", failing_writer)
    with pytest.raises(OSError):
        _export()
    assert store.current_export_id() == first.export_id
    assert _loans_exported() == totals  # the half-written export is not read
    assert len([p for p in store.files_under("circulation") if p in opened]) == 1

    monkeypatch.setattr(Store, "writer", real_writer)
    with clock.freeze(NOW + dt.timedelta(minutes=1)):
        rerun = analytics_export(settle_seconds=0)
    assert rerun.changed and rerun.datasets["circulation"].rows == 7
    assert rerun.removed_files == 1  # the crashed export's file
    assert _loans_exported() == _loans_by_partition()
    listed = {f["path"] for f in store.current_manifest().dataset("circulation").files}
    assert set(store.files_under("circulation")) == listed


def test_attendance_is_exported_once_the_occurrence_has_settled(store):
    log = generated_log(entries=10)
    registrations = generated_attendance(libraries=log.libraries, readers=log.readers)
    report = _export()

    # The occurrence two days ago has settled (24 hours); the one to come has not.
    assert report.datasets["event_attendance"].rows == 24
    rows = engines.aggregation_run("attendance_by_month_library").rows
    settled = [r for r in registrations if r.occurrence.ends_at <= NOW - dt.timedelta(hours=24)]
    assert sum(r["registrations"] for r in rows) == 24
    assert sum(r["attended"] for r in rows) == sum(r.status == "attended" for r in settled)
    assert sum(r["no_shows"] for r in rows) == sum(
        r.status in ("no_show", "confirmed") for r in settled
    )
    assert sum(r["cancelled"] for r in rows) == sum(r.status == "cancelled" for r in settled)
    assert _export().datasets["event_attendance"].rows == 0
    with clock.freeze(NOW + dt.timedelta(days=5)):
        assert analytics_export(settle_seconds=0).datasets["event_attendance"].rows == 6


def test_the_reader_appears_only_by_pseudonym_and_library_only_if_they_allow(store):
    log = generated_log(entries=150)
    _export()
    table = pq.read_table(
        [store.path(f["path"]) for f in store.current_manifest().dataset("circulation").files]
    )
    by_pseudonym = {pseudonym_of(r): r for r in log.readers if r.allow_analytics}
    for row in table.to_pylist():
        reader = by_pseudonym.get(row["reader_pseudonym"])
        if reader is None:
            assert row["reader_pseudonym"] == "" and row["reader_library_id"] is None
        else:
            assert row["reader_library_id"] == reader.home_library_id
    assert "" in table.column("reader_pseudonym").to_pylist()  # refusers are there, unnamed


def test_a_partition_split_by_many_exports_is_compacted_into_one_file(store, monkeypatch):
    monkeypatch.setattr(services, "COMPACT_FILES", 2)
    at = NOW - dt.timedelta(days=3)
    for n in range(3):
        CirculationLogEntryFactory.create_batch(n + 1, at=at, library_id=None)
        with clock.freeze(NOW + dt.timedelta(minutes=n)):
            report = analytics_export(settle_seconds=0)
    assert report.compacted_files == 3
    files = store.current_manifest().dataset("circulation").files
    assert [(f["path"].rsplit("-", 1)[-1], f["rows"]) for f in files] == [("c1.parquet", 6)]
    assert pq.read_table(store.path(files[0]["path"])).num_rows == 6
    assert sum(r["loans"] for r in engines.aggregation_run("loans_by_month_library").rows) == 6
    for n in range(3, 3 + services.KEEP_MANIFESTS + 1):  # older manifests go, their files too
        CirculationLogEntryFactory(at=at + dt.timedelta(hours=n), library_id=7)
        with clock.freeze(NOW + dt.timedelta(minutes=n)):
            analytics_export(settle_seconds=0)
    assert files[0]["path"] in store.files_under("circulation")
    assert len(store.files_under("circulation/month=2026-06/library=0")) == 1


def test_small_batches_few_open_files_and_a_row_cap_change_files_not_figures(
    store, settings, monkeypatch
):
    generated_log(entries=240)
    settings.WENLAN_ANALYTICS_BATCH_ROWS = 7
    report = _export()
    # Each partition stays one file however many batches wrote to it.
    assert report.datasets["circulation"].files == report.datasets["circulation"].partitions
    expected = _loans_by_partition()
    assert _loans_exported() == expected

    monkeypatch.setattr(services, "MAX_OPEN_FILES", 2)
    monkeypatch.setattr(services, "ROWS_PER_FILE", 10)
    with clock.freeze(NOW + dt.timedelta(minutes=1)):
        for n in range(30):  # three partitions, every batch writing to each
            CirculationLogEntryFactory(at=NOW - dt.timedelta(hours=1), library_id=100 + n % 3)
        again = analytics_export(settle_seconds=0)
    circulation = again.datasets["circulation"]
    assert (circulation.rows, circulation.partitions) == (30, 3)
    new_files = store.current_manifest().dataset("circulation").files[-circulation.files :]
    assert circulation.files > 3 and max(f["rows"] for f in new_files) <= 10
    assert sum(f["rows"] for f in new_files) == 30
    assert sum(r["loans"] for r in engines.aggregation_run("loans_by_month_library").rows) == (
        sum(expected.values()) + 30
    )
