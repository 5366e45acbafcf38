"""The circulation log as the analytics export reads it: in id order, a batch at a
time, and only entries old enough that no transaction still writing could commit
one with a smaller id (ids are handed out when a row is inserted, not when its
transaction commits)."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from wenlan.circulation.models import CirculationLogEntry


@dataclass(frozen=True)
class LogEntryRow:
    id: int
    at: dt.datetime
    kind: str
    reader_pseudonym: str
    reader_category: str
    item_id: int | None
    record_id: int | None
    library_id: int | None
    channel: str


_FIELDS = (
    "id",
    "at",
    "kind",
    "reader_pseudonym",
    "reader_category",
    "item_id",
    "record_id",
    "library_id",
    "channel",
)


def log_entries_settled(
    *, after_id: int, settled_before: dt.datetime, batch_size: int
) -> Iterator[list[LogEntryRow]]:
    """Entries with an id above `after_id`, in id order, in lists of `batch_size`,
    stopping at the first entry made after `settled_before` (so nothing committed
    later with a smaller id is ever skipped by the next run)."""
    last_id = after_id
    while True:
        rows = list(
            CirculationLogEntry.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list(*_FIELDS)[:batch_size]
        )
        if not rows:
            return
        batch = []
        for values in rows:
            row = LogEntryRow(*values)
            if row.at > settled_before:
                if batch:
                    yield batch
                return
            batch.append(row)
        yield batch
        last_id = batch[-1].id


def log_entries_count_after(*, after_id: int) -> int:
    """How many entries the next export may read (its progress bar's total)."""
    return CirculationLogEntry.objects.filter(pk__gt=after_id).count()
