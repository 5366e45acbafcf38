"""`analytics_export`: the new rows of every dataset written as Parquet under a new
export id, then its manifest, then the CURRENT pointer (last), then the files no
manifest kept lists removed. Incremental (from each dataset's watermark) and atomic
(a crash before the pointer moves leaves the previous export as it was; a re-run
writes the new rows again under its own id)."""

import datetime as dt
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from wenlan.analytics import datasets, locks, policies
from wenlan.analytics.errors import ExportRunningError, ExportSupersededError
from wenlan.analytics.registry import datasets_all, sources_added
from wenlan.analytics.rollups import ROLLUPS, rollups_refresh
from wenlan.analytics.storage import MANIFESTS, DatasetFiles, Manifest, Store
from wenlan.catalog.selectors.collection import items_count_after
from wenlan.circulation.selectors.log import log_entries_count_after
from wenlan.core import clock

# Manifests kept besides the current one, so that a reader who opened an older one
# a moment ago still finds its files.
KEEP_MANIFESTS = 3
# A partition file is closed and the next one begun past this many rows.
ROWS_PER_FILE = 2_000_000
# Files open at once while writing; the least recently written is closed beyond it.
MAX_OPEN_FILES = 64
# A partition that successive exports have split into more small files than this is
# rewritten as one (or a few) by the next export that writes a manifest. A file is
# small below a quarter of ROWS_PER_FILE.
COMPACT_FILES = 8
COMPACT_ROW_GROUP = 131_072


class ExportProgress(Protocol):
    def start(self, dataset: str, total: int | None) -> None: ...
    def advance(self, rows: int) -> None: ...
    def finish(self) -> None: ...


class _Silent:
    def start(self, dataset: str, total: int | None) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass
class DatasetReport:
    rows: int = 0
    files: int = 0
    partitions: int = 0


@dataclass
class ExportReport:
    export_id: str | None  # the export readers read after this run
    changed: bool  # False: nothing new, nothing written, the pointer kept
    datasets: dict[str, DatasetReport] = field(default_factory=dict)
    removed_files: int = 0
    compacted_files: int = 0
    rollup_files: int = 0
    seconds: float = 0.0

    def summary(self) -> dict:
        return {
            "export_id": self.export_id,
            "changed": self.changed,
            "datasets": {
                name: {"rows": r.rows, "files": r.files, "partitions": r.partitions}
                for name, r in self.datasets.items()
            },
            "removed_files": self.removed_files,
            "compacted_files": self.compacted_files,
            "rollup_files": self.rollup_files,
            "seconds": round(self.seconds, 3),
        }


class _PartitionWriters:
    """One open Parquet file per partition touched; each batch adds a row group."""

    def __init__(self, store: Store, dataset: datasets.Dataset, export_id: str):
        self.store, self.dataset, self.export_id = store, dataset, export_id
        self.open: dict[datasets.PartitionKey, tuple[str, pq.ParquetWriter]] = {}
        self.rows_in: dict[str, int] = {}
        self.files: list[dict] = []
        self.partitions: set[datasets.PartitionKey] = set()
        self.counter = 0

    def write(self, key: datasets.PartitionKey, table: pa.Table) -> None:
        entry = self.open.pop(key, None)  # re-inserted below: the dict keeps recency order
        if entry is not None and self.rows_in[entry[0]] + table.num_rows > ROWS_PER_FILE:
            self._close(entry)
            entry = None
        if entry is None:
            if len(self.open) >= MAX_OPEN_FILES:
                oldest = next(iter(self.open))
                self._close(self.open.pop(oldest))
            month, library = key
            self.counter += 1
            relative = (
                policies.partition_dir(dataset=self.dataset.name, month=month, library=library)
                + "/"
                + policies.part_file_name(export_id=self.export_id, n=self.counter)
            )
            entry = (relative, self.store.writer(relative, self.dataset.schema))
            self.rows_in[relative] = 0
        entry[1].write_table(table)
        self.rows_in[entry[0]] += table.num_rows
        self.open[key] = entry
        self.partitions.add(key)

    def _close(self, entry: tuple[str, pq.ParquetWriter]) -> None:
        relative, writer = entry
        writer.close()
        self.files.append(self.dataset.file_entry(relative, rows=self.rows_in[relative]))

    def close(self) -> list[dict]:
        for entry in self.open.values():
            self._close(entry)
        self.open.clear()
        return self.files


def _sources(
    *, now: dt.datetime, settle_seconds: int, batch_size: int
) -> dict[str, Callable[[dict], Iterator[datasets.Batch]]]:
    return {
        datasets.CIRCULATION.name: lambda watermark: datasets.circulation_batches(
            watermark=watermark, now=now, settle_seconds=settle_seconds, batch_size=batch_size
        ),
        datasets.EVENT_ATTENDANCE.name: lambda watermark: datasets.attendance_batches(
            watermark=watermark,
            now=now,
            settle_hours=settings.WENLAN_ANALYTICS_ATTENDANCE_SETTLE_HOURS,
            batch_size=batch_size,
        ),
        datasets.HOLDS.name: lambda watermark: datasets.hold_batches(
            watermark=watermark, now=now, settle_seconds=settle_seconds, batch_size=batch_size
        ),
        datasets.TRANSITS.name: lambda watermark: datasets.transit_batches(
            watermark=watermark, now=now, settle_seconds=settle_seconds, batch_size=batch_size
        ),
        datasets.COLLECTION.name: lambda watermark: datasets.collection_batches(
            watermark=watermark, now=now, settle_seconds=settle_seconds, batch_size=batch_size
        ),
        **_sources_added(now=now, settle_seconds=settle_seconds, batch_size=batch_size),
    }


def _sources_added(
    *, now: dt.datetime, settle_seconds: int, batch_size: int
) -> dict[str, Callable[[dict], Iterator[datasets.Batch]]]:
    """The datasets the apps above this layer add (analytics.registry)."""

    def reader(source):
        return lambda watermark: source.batches(
            watermark=watermark, now=now, settle_seconds=settle_seconds, batch_size=batch_size
        )

    return {source.dataset.name: reader(source) for source in sources_added()}


def _pending_rows(name: str, watermark: dict) -> int | None:
    if name == datasets.CIRCULATION.name:
        return log_entries_count_after(after_id=watermark.get("last_id", 0))
    if name == datasets.COLLECTION.name:
        return items_count_after(after_id=watermark.get("last_id", 0))
    return None


def analytics_export(
    *,
    progress: ExportProgress | None = None,
    settle_seconds: int | None = None,
    store: Store | None = None,
) -> ExportReport:
    """Export what is new since the current export. Run from cron on one node
    (`wenlan analytics export`), and by the demo at its end."""
    started = time.monotonic()
    progress = progress or _Silent()
    store = store or Store(settings.WENLAN_ANALYTICS_URI)
    if settle_seconds is None:
        settle_seconds = settings.WENLAN_ANALYTICS_SETTLE_SECONDS
    now = clock.now()
    holder = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(8)}"
    if not locks.export_lease_take(holder=holder, now=now):
        raise ExportRunningError()
    try:
        report = _export(
            store=store, now=now, holder=holder, progress=progress, settle_seconds=settle_seconds
        )
    finally:
        locks.export_lease_release(holder=holder)
    report.seconds = time.monotonic() - started
    return report


def _export(
    *, store: Store, now: dt.datetime, holder: str, progress: ExportProgress, settle_seconds: int
) -> ExportReport:
    previous = store.current_manifest()
    export_id = policies.export_id_next(
        at=now, token=secrets.token_hex(3), previous=previous.export_id if previous else None
    )
    report = ExportReport(export_id=previous.export_id if previous else None, changed=False)
    states: dict[str, DatasetFiles] = {}
    touched: set[datasets.PartitionKey] = set()  # circulation's partitions written to
    sources = _sources(
        now=now, settle_seconds=settle_seconds, batch_size=settings.WENLAN_ANALYTICS_BATCH_ROWS
    )
    for name, batches_for in sources.items():
        before = previous.dataset(name) if previous else DatasetFiles()
        progress.start(name, _pending_rows(name, before.watermark))
        writers = _PartitionWriters(store, datasets_all()[name], export_id)
        watermark, rows = dict(before.watermark), 0
        try:
            for batch in batches_for(before.watermark):
                for key, table in batch.partitions.items():
                    writers.write(key, table)
                rows += batch.rows
                watermark.update(batch.watermark)
                progress.advance(batch.rows)
                if not locks.export_lease_renew(holder=holder, now=clock.now()):
                    raise ExportSupersededError()
        finally:
            new_files = writers.close()
            progress.finish()
        report.datasets[name] = DatasetReport(
            rows=rows, files=len(new_files), partitions=len(writers.partitions)
        )
        states[name] = DatasetFiles(files=before.files + new_files, watermark=watermark)
        if name == datasets.CIRCULATION.name:
            touched = set(writers.partitions)
    if any(r.rows for r in report.datasets.values()):
        for name in ROLLUPS:
            states[name] = previous.dataset(name) if previous else DatasetFiles()
        report.rollup_files = rollups_refresh(store, states, touched=touched, export_id=export_id)
        for name, state in states.items():
            state.files, compacted = _compacted(
                store, datasets_all()[name], state.files, export_id=export_id
            )
            report.compacted_files += compacted
        manifest = Manifest(
            export_id=export_id,
            created_at=now.isoformat(),
            previous=previous.export_id if previous else None,
            datasets=states,
        )
        store.manifest_write(manifest)
        if store.current_export_id() != (previous.export_id if previous else None):
            raise ExportSupersededError()
        store.pointer_write(export_id)
        report.export_id, report.changed = export_id, True
    report.removed_files = _clean_up(store)
    return report


def _compacted(
    store: Store, dataset: datasets.Dataset, files: list[dict], *, export_id: str
) -> tuple[list[dict], int]:
    """The dataset's file list with each partition's small files, where there are
    more than COMPACT_FILES of them, rewritten as few files under `export_id` (read
    a row group at a time). The old files stay until no kept manifest lists them."""
    small = ROWS_PER_FILE // 4
    by_partition: dict[str, list[dict]] = {}
    for f in files:
        if f["rows"] < small:
            by_partition.setdefault(f["path"].rsplit("/", 1)[0], []).append(f)
    crowded = {d: group for d, group in by_partition.items() if len(group) > COMPACT_FILES}
    if not crowded:
        return files, 0
    replaced = {f["path"] for group in crowded.values() for f in group}
    kept = [f for f in files if f["path"] not in replaced]
    for n, (directory, group) in enumerate(sorted(crowded.items()), start=1):
        relative = f"{directory}/part-{export_id}-c{n}.parquet"
        writer, pending, rows = store.writer(relative, dataset.schema), [], 0
        for f in group:
            with store.fs.open_input_file(store.path(f["path"])) as source:
                parquet = pq.ParquetFile(source)
                for i in range(parquet.num_row_groups):
                    pending.append(dataset.conform(parquet.read_row_group(i)))
                    if sum(t.num_rows for t in pending) >= COMPACT_ROW_GROUP:
                        writer.write_table(pa.concat_tables(pending))
                        rows += sum(t.num_rows for t in pending)
                        pending = []
        if pending:
            writer.write_table(pa.concat_tables(pending))
            rows += sum(t.num_rows for t in pending)
        writer.close()
        kept.append(dataset.file_entry(relative, rows=rows))
    return kept, len(replaced)


def _clean_up(store: Store) -> int:
    """Remove the files that no kept manifest lists (left by a crashed or superseded
    export) and the manifests older than those kept. Only what is older than the
    current export: a newer export may be writing its files right now."""
    current = store.current_export_id()
    if current is None:
        return 0
    manifest_files = store.files_under(MANIFESTS)
    manifest_ids = sorted(
        p.rsplit("/", 1)[-1].removesuffix(".json") for p in manifest_files if p.endswith(".json")
    )
    kept_ids = [i for i in manifest_ids if i <= current][-(KEEP_MANIFESTS + 1) :]
    listed: set[str] = set()
    for export_id in kept_ids:
        for state in store.manifest(export_id).datasets.values():
            listed.update(f["path"] for f in state.files)
    removed = 0
    for name in datasets_all():
        for path in store.files_under(name):
            export_id = policies.export_id_of_file(path)
            if export_id is not None and export_id < current and path not in listed:
                store.delete(path)
                removed += 1
    for path in manifest_files:
        export_id = path.rsplit("/", 1)[-1].split(".", 1)[0]
        if export_id < current and export_id not in kept_ids:
            store.delete(path)
    return removed
