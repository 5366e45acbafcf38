"""The datasets of the export: their columns (docs/analytics.md describes each) and
where their rows come from. Each source reads another app through its selectors,
a batch at a time, and yields the batch's rows grouped by partition (month, library)
as column lists, with the watermark reached after it."""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pyarrow as pa
from django.conf import settings

from wenlan.analytics import policies
from wenlan.catalog.selectors.collection import items_after
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.selectors.history import holds_closed, transits_received
from wenlan.circulation.selectors.log import log_entries_settled
from wenlan.circulation.services.log import analytics_secret
from wenlan.events.enums import RegistrationStatus
from wenlan.events.selectors.outcomes import registration_outcomes_ended
from wenlan.patrons.enums import AgeBand
from wenlan.patrons.policies import age_band
from wenlan.patrons.selectors import (
    reader_birth_years_allowing_analytics,
    readers_allowing_analytics,
)

TIMESTAMP = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    # Added after the dataset's first exports: older files lack it (read as null).
    added_later: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    # Its month is when something happened (False: when a copy was added, and a
    # reading of "up to a month" still needs every file).
    timed: bool = True

    def file_entry(self, path: str, *, rows: int) -> dict:
        """A written file as the manifest lists it, with how many of the columns it
        holds (columns are only ever appended)."""
        return {"path": path, "rows": rows, "columns": len(self.columns)}

    def files_by_columns(self, files: list[dict]) -> dict[int, list[dict]]:
        """The manifest's files grouped by the columns they hold, all of them first
        (a file listed without a count was written before any column was added)."""
        base = sum(1 for c in self.columns if not c.added_later)
        groups: dict[int, list[dict]] = {}
        for f in files:
            groups.setdefault(f.get("columns", base), []).append(f)
        return dict(sorted(groups.items(), reverse=True))

    @property
    def schema(self) -> pa.Schema:
        """The columns a file holds (month and library are in its path)."""
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])

    def conform(self, table: pa.Table) -> pa.Table:
        """`table` (read from a file written before a column was added) with the
        dataset's columns in order, the missing ones null."""
        if table.schema.names == self.schema.names:
            return table
        return pa.table(
            {
                c.name: table.column(c.name)
                if c.name in table.schema.names
                else pa.nulls(table.num_rows, c.type)
                for c in self.columns
            },
            schema=self.schema,
        )

    @property
    def schema_with_partitions(self) -> pa.Schema:
        return self.schema.append(pa.field("month", pa.string())).append(
            pa.field("library", pa.int64())
        )


CIRCULATION = Dataset(
    "circulation",
    (
        Column("id", pa.int64()),
        Column("at", TIMESTAMP),
        Column("local_date", pa.date32()),
        Column("weekday", pa.int8()),
        Column("hour", pa.int8()),
        Column("kind", pa.string()),
        Column("reader_pseudonym", pa.string()),
        Column("reader_category", pa.string()),
        Column("reader_library_id", pa.int64()),
        Column("item_id", pa.int64()),
        Column("item_library_id", pa.int64()),
        Column("record_id", pa.int64()),
        Column("clc_top", pa.string()),
        Column("library_id", pa.int64()),
        Column("channel", pa.string()),
        Column("age_band", pa.string(), added_later=True),  # null: unknown
    ),
)

EVENT_ATTENDANCE = Dataset(
    "event_attendance",
    (
        Column("registration_id", pa.int64()),
        Column("occurrence_id", pa.int64()),
        Column("event_id", pa.int64()),
        Column("library_id", pa.int64()),
        Column("reader_pseudonym", pa.string()),
        Column("status", pa.string()),
        Column("registered_at", TIMESTAMP),
        Column("checked_in_at", TIMESTAMP),
        Column("starts_at", TIMESTAMP),
        Column("local_date", pa.date32()),
        Column("attended", pa.bool_()),
        Column("no_show", pa.bool_()),
        Column("cancelled", pa.bool_()),
    ),
)

HOLDS = Dataset(
    "holds",
    (
        Column("hold_id", pa.int64()),
        Column("reader_pseudonym", pa.string()),
        Column("record_id", pa.int64()),
        Column("clc_top", pa.string()),
        Column("pickup_library_id", pa.int64()),
        Column("status", pa.string()),
        Column("placed_at", TIMESTAMP),
        Column("ready_at", TIMESTAMP),
        Column("closed_at", TIMESTAMP),
        Column("local_date", pa.date32()),
        Column("wait_hours", pa.float64()),
    ),
)

TRANSITS = Dataset(
    "transits",
    (
        Column("transit_id", pa.int64()),
        Column("item_id", pa.int64()),
        Column("from_library_id", pa.int64()),
        Column("to_library_id", pa.int64()),
        Column("reason", pa.string()),
        Column("sent_at", TIMESTAMP),
        Column("received_at", TIMESTAMP),
        Column("local_date", pa.date32()),
        Column("hours", pa.float64()),
    ),
)

COLLECTION = Dataset(
    "collection",
    (
        Column("item_id", pa.int64()),
        Column("record_id", pa.int64()),
        Column("library_id", pa.int64()),
        Column("item_type", pa.string()),
        Column("clc_top", pa.string()),
        Column("added_on", pa.date32()),
    ),
    timed=False,
)

DATASETS: dict[str, Dataset] = {
    d.name: d for d in (CIRCULATION, EVENT_ATTENDANCE, HOLDS, TRANSITS, COLLECTION)
}

PartitionKey = tuple[str, int]  # (month, library)


@dataclass
class Batch:
    """One batch of source rows as Arrow tables, one per partition."""

    partitions: dict[PartitionKey, pa.Table] = field(default_factory=dict)
    rows: int = 0
    watermark: dict = field(default_factory=dict)

    @classmethod
    def of(cls, dataset: Dataset, keys: list[PartitionKey], columns: dict[str, list]) -> "Batch":
        """Rows given as columns, with each row's partition in `keys`: one Arrow table
        for the batch, split by partition (Arrow's take, not Python loops)."""
        table = pa.table(columns, schema=dataset.schema)
        rows_of: dict[PartitionKey, list[int]] = {}
        for n, key in enumerate(keys):
            rows_of.setdefault(key, []).append(n)
        if len(rows_of) == 1:
            return cls(partitions={keys[0]: table}, rows=table.num_rows)
        partitions = {key: table.take(pa.array(rows)) for key, rows in rows_of.items()}
        return cls(partitions=partitions, rows=table.num_rows)


def _columns(dataset: Dataset) -> dict[str, list]:
    return {column.name: [] for column in dataset.columns}


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _reader_libraries() -> dict[str, int]:
    """Pseudonym -> registering library of each reader who allows analytics. About
    150 bytes a reader: read once per export, only when there is something to export."""
    secret = analytics_secret()
    return {
        reader_pseudonym(secret=secret, reader_id=reader_id): library_id
        for reader_id, library_id in readers_allowing_analytics()
    }


# --- age band (#15): the borrower's band on the day, computed here; the birth year
# itself never enters the export (a quasi-identifier) -----------------------------
def _reader_birth_years() -> dict[str, int]:
    """Pseudonym -> birth year of each reader who allows analytics and gave one."""
    secret = analytics_secret()
    return {
        reader_pseudonym(secret=secret, reader_id=reader_id): year
        for reader_id, year in reader_birth_years_allowing_analytics()
    }


def _age_band(birth_years: dict[str, int], pseudonym: str, on: dt.date) -> str:
    if not pseudonym:
        return AgeBand.UNKNOWN.value
    return age_band(birth_year=birth_years.get(pseudonym), on=on).value


def circulation_batches(
    *, watermark: dict, now: dt.datetime, settle_seconds: int, batch_size: int
) -> Iterator[Batch]:
    """Log entries after the watermark's `last_id`, settled (made at least
    `settle_seconds` before `now`)."""
    zone = _zone()
    reader_libraries: dict[str, int] | None = None
    birth_years: dict[str, int] = {}
    entries = log_entries_settled(
        after_id=watermark.get("last_id", 0),
        settled_before=now - dt.timedelta(seconds=settle_seconds),
        batch_size=batch_size,
    )
    for entries_batch in entries:
        if reader_libraries is None:
            reader_libraries = _reader_libraries()
            birth_years = _reader_birth_years()
        keys: list[PartitionKey] = []
        columns = _columns(CIRCULATION)
        for entry in entries_batch:
            local = entry.at.astimezone(zone)
            keys.append(
                (
                    policies.month_of(local),
                    entry.library_id if entry.library_id is not None else policies.NO_LIBRARY,
                )
            )
            columns["id"].append(entry.id)
            columns["at"].append(entry.at)
            columns["local_date"].append(local.date())
            columns["weekday"].append(local.isoweekday())
            columns["hour"].append(local.hour)
            columns["kind"].append(entry.kind)
            columns["reader_pseudonym"].append(entry.reader_pseudonym)
            columns["reader_category"].append(entry.reader_category)
            columns["reader_library_id"].append(
                reader_libraries.get(entry.reader_pseudonym) if entry.reader_pseudonym else None
            )
            columns["item_id"].append(entry.item_id)
            columns["item_library_id"].append(entry.item_library_id)
            columns["record_id"].append(entry.record_id)
            columns["clc_top"].append(entry.clc_top or "")
            columns["library_id"].append(entry.library_id)
            columns["channel"].append(entry.channel)
            columns["age_band"].append(_age_band(birth_years, entry.reader_pseudonym, local.date()))
        batch = Batch.of(CIRCULATION, keys, columns)
        batch.watermark = {"last_id": entries_batch[-1].id}
        yield batch


def attendance_batches(
    *, watermark: dict, now: dt.datetime, settle_hours: int, batch_size: int
) -> Iterator[Batch]:
    """Registrations of occurrences that ended after the watermark's `ended_before`
    and at least `settle_hours` before `now` (their outcome no longer changes)."""
    zone = _zone()
    secret = analytics_secret()
    ended_after = watermark.get("ended_before")
    ended_before = now - dt.timedelta(hours=settle_hours)
    if ended_after is not None:
        ended_after = dt.datetime.fromisoformat(ended_after)
        if ended_before <= ended_after:
            return
    outcomes = registration_outcomes_ended(
        ended_after=ended_after, ended_before=ended_before, batch_size=batch_size
    )
    for outcomes_batch in outcomes:
        keys: list[PartitionKey] = []
        columns = _columns(EVENT_ATTENDANCE)
        for outcome in outcomes_batch:
            local = outcome.starts_at.astimezone(zone)
            keys.append(
                (
                    policies.month_of(local),
                    outcome.library_id if outcome.library_id is not None else policies.NO_LIBRARY,
                )
            )
            columns["registration_id"].append(outcome.id)
            columns["occurrence_id"].append(outcome.occurrence_id)
            columns["event_id"].append(outcome.event_id)
            columns["library_id"].append(outcome.library_id)
            columns["reader_pseudonym"].append(
                reader_pseudonym(secret=secret, reader_id=outcome.reader_id)
                if outcome.reader_allows_analytics
                else ""
            )
            columns["status"].append(outcome.status)
            columns["registered_at"].append(outcome.registered_at)
            columns["checked_in_at"].append(outcome.checked_in_at)
            columns["starts_at"].append(outcome.starts_at)
            columns["local_date"].append(local.date())
            columns["attended"].append(outcome.attended)
            columns["no_show"].append(outcome.no_show)
            columns["cancelled"].append(outcome.status == RegistrationStatus.CANCELLED)
        batch = Batch.of(EVENT_ATTENDANCE, keys, columns)
        yield batch
    # The window is done whether or not it held rows: the next export starts after it.
    yield Batch(watermark={"ended_before": ended_before.isoformat()})


def _window(watermark: dict, before: dt.datetime) -> tuple[dt.datetime | None, bool]:
    """The start of the next window (the last one's end) and whether it is empty."""
    after = watermark.get("closed_before")
    if after is None:
        return None, False
    after = dt.datetime.fromisoformat(after)
    return after, before <= after


def _hours(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 3600, 3)


def hold_batches(
    *, watermark: dict, now: dt.datetime, settle_seconds: int, batch_size: int
) -> Iterator[Batch]:
    """Holds closed (filled, cancelled, expired) after the last window's end and at
    least `settle_seconds` before `now`; partitioned by the month they were placed
    and their pickup library. `wait_hours`: placed until a copy was ready."""
    zone, secret = _zone(), analytics_secret()
    before = now - dt.timedelta(seconds=settle_seconds)
    after, empty = _window(watermark, before)
    if empty:
        return
    for rows in holds_closed(closed_after=after, closed_before=before, batch_size=batch_size):
        keys: list[PartitionKey] = []
        columns = _columns(HOLDS)
        for row in rows:
            local = row.placed_at.astimezone(zone)
            keys.append((policies.month_of(local), row.pickup_library_id))
            columns["hold_id"].append(row.id)
            columns["reader_pseudonym"].append(
                reader_pseudonym(secret=secret, reader_id=row.reader_id)
                if row.reader_allows_analytics
                else ""
            )
            columns["record_id"].append(row.record_id)
            columns["clc_top"].append(row.clc_top or "")
            columns["pickup_library_id"].append(row.pickup_library_id)
            columns["status"].append(row.status)
            columns["placed_at"].append(row.placed_at)
            columns["ready_at"].append(row.ready_at)
            columns["closed_at"].append(row.closed_at)
            columns["local_date"].append(local.date())
            columns["wait_hours"].append(_hours(row.placed_at, row.ready_at))
        yield Batch.of(HOLDS, keys, columns)
    yield Batch(watermark={"closed_before": before.isoformat()})


def transit_batches(
    *, watermark: dict, now: dt.datetime, settle_seconds: int, batch_size: int
) -> Iterator[Batch]:
    """Transits received after the last window's end; partitioned by the month they
    were sent and the library they went to."""
    zone = _zone()
    before = now - dt.timedelta(seconds=settle_seconds)
    after, empty = _window(watermark, before)
    if empty:
        return
    for rows in transits_received(
        received_after=after, received_before=before, batch_size=batch_size
    ):
        keys: list[PartitionKey] = []
        columns = _columns(TRANSITS)
        for row in rows:
            local = row.sent_at.astimezone(zone)
            keys.append((policies.month_of(local), row.to_library_id))
            columns["transit_id"].append(row.id)
            columns["item_id"].append(row.item_id)
            columns["from_library_id"].append(row.from_library_id)
            columns["to_library_id"].append(row.to_library_id)
            columns["reason"].append(row.reason)
            columns["sent_at"].append(row.sent_at)
            columns["received_at"].append(row.received_at)
            columns["local_date"].append(local.date())
            columns["hours"].append(_hours(row.sent_at, row.received_at))
        yield Batch.of(TRANSITS, keys, columns)
    yield Batch(watermark={"closed_before": before.isoformat()})


def collection_batches(
    *, watermark: dict, now: dt.datetime, settle_seconds: int, batch_size: int
) -> Iterator[Batch]:
    """Copies after the watermark's `last_id`, each once; partitioned by the month
    they were added and their library. (A copy's library or status changing later is
    not followed: the dataset answers "which copies are there", not where they are.)"""
    zone = _zone()
    for rows in items_after(after_id=watermark.get("last_id", 0), batch_size=batch_size):
        keys: list[PartitionKey] = []
        columns = _columns(COLLECTION)
        for row in rows:
            local = row.created_at.astimezone(zone)
            keys.append((policies.month_of(local), row.library_id))
            columns["item_id"].append(row.id)
            columns["record_id"].append(row.record_id)
            columns["library_id"].append(row.library_id)
            columns["item_type"].append(row.item_type)
            columns["clc_top"].append(row.clc_top or "")
            columns["added_on"].append(local.date())
        batch = Batch.of(COLLECTION, keys, columns)
        batch.watermark = {"last_id": rows[-1].id}
        yield batch


Source = Callable[..., Iterator[Batch]]
