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
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.selectors.log import log_entries_settled
from wenlan.circulation.services.log import analytics_secret
from wenlan.events.enums import RegistrationStatus
from wenlan.events.selectors.outcomes import registration_outcomes_ended
from wenlan.patrons.selectors import readers_allowing_analytics

TIMESTAMP = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        """The columns a file holds (month and library are in its path)."""
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])

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

DATASETS: dict[str, Dataset] = {d.name: d for d in (CIRCULATION, EVENT_ATTENDANCE)}

PartitionKey = tuple[str, int]  # (month, library)


@dataclass
class Batch:
    """One batch of source rows, grouped by partition, as column lists."""

    partitions: dict[PartitionKey, dict[str, list]] = field(default_factory=dict)
    rows: int = 0
    watermark: dict = field(default_factory=dict)

    def add(self, key: PartitionKey, row: dict) -> None:
        columns = self.partitions.get(key)
        if columns is None:
            columns = self.partitions[key] = {name: [] for name in row}
        for name, value in row.items():
            columns[name].append(value)
        self.rows += 1


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


def circulation_batches(
    *, watermark: dict, now: dt.datetime, settle_seconds: int, batch_size: int
) -> Iterator[Batch]:
    """Log entries after the watermark's `last_id`, settled (made at least
    `settle_seconds` before `now`)."""
    zone = _zone()
    reader_libraries: dict[str, int] | None = None
    entries = log_entries_settled(
        after_id=watermark.get("last_id", 0),
        settled_before=now - dt.timedelta(seconds=settle_seconds),
        batch_size=batch_size,
    )
    for entries_batch in entries:
        if reader_libraries is None:
            reader_libraries = _reader_libraries()
        batch = Batch()
        for entry in entries_batch:
            local = entry.at.astimezone(zone)
            library = entry.library_id if entry.library_id is not None else policies.NO_LIBRARY
            row = {
                "id": entry.id,
                "at": entry.at,
                "local_date": local.date(),
                "weekday": local.isoweekday(),
                "hour": local.hour,
                "kind": entry.kind,
                "reader_pseudonym": entry.reader_pseudonym,
                "reader_category": entry.reader_category,
                "reader_library_id": reader_libraries.get(entry.reader_pseudonym)
                if entry.reader_pseudonym
                else None,
                "item_id": entry.item_id,
                "item_library_id": entry.item_library_id,
                "record_id": entry.record_id,
                "clc_top": entry.clc_top or "",
                "library_id": entry.library_id,
                "channel": entry.channel,
            }
            batch.add((policies.month_of(local), library), row)
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
        batch = Batch()
        for outcome in outcomes_batch:
            local = outcome.starts_at.astimezone(zone)
            library = outcome.library_id if outcome.library_id is not None else policies.NO_LIBRARY
            pseudonym = (
                reader_pseudonym(secret=secret, reader_id=outcome.reader_id)
                if outcome.reader_allows_analytics
                else ""
            )
            row = {
                "registration_id": outcome.id,
                "occurrence_id": outcome.occurrence_id,
                "event_id": outcome.event_id,
                "library_id": outcome.library_id,
                "reader_pseudonym": pseudonym,
                "status": outcome.status,
                "registered_at": outcome.registered_at,
                "checked_in_at": outcome.checked_in_at,
                "starts_at": outcome.starts_at,
                "local_date": local.date(),
                "attended": outcome.attended,
                "no_show": outcome.no_show,
                "cancelled": outcome.status == RegistrationStatus.CANCELLED,
            }
            batch.add((policies.month_of(local), library), row)
        yield batch
    # The window is done whether or not it held rows: the next export starts after it.
    yield Batch(watermark={"ended_before": ended_before.isoformat()})


Source = Callable[..., Iterator[Batch]]
