"""The circulation log as the analytics export reads it, with each entry's record's
CLC class and its copy's home library: in id order, a batch at a time, and only
entries old enough that no transaction still writing could commit one with a
smaller id (ids are handed out when a row is inserted, not when its transaction
commits)."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from wenlan.catalog.models import Item, Record
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
    clc_top: str | None  # the record's CLC top class
    item_library_id: int | None  # the library that owns the copy


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
    "clc_top",
    "item_library_id",
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
            .annotate(
                # The log keeps plain ids (no foreign keys): looked up by the database
                # for the whole batch, rather than as a long IN list afterwards.
                clc_top=Subquery(Record.objects.filter(pk=OuterRef("record_id")).values("clc_top")),
                item_library_id=Subquery(
                    Item.objects.filter(pk=OuterRef("item_id")).values("library_id")
                ),
            )
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
