"""Finished holds and transits as the analytics export reads them: those that
closed (a hold filled, cancelled or expired; a transit received) within a window
of time, in id order, a batch at a time. A hold or transit still open is not
exported: its figures (how long it waited, how long it travelled) are not known."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from wenlan.catalog.models import Record
from wenlan.circulation.models import Hold, Transit


@dataclass(frozen=True)
class ClosedHoldRow:
    id: int
    record_id: int
    clc_top: str | None
    reader_id: int
    reader_allows_analytics: bool
    pickup_library_id: int
    status: str
    placed_at: dt.datetime
    ready_at: dt.datetime | None
    closed_at: dt.datetime


@dataclass(frozen=True)
class ReceivedTransitRow:
    id: int
    item_id: int
    from_library_id: int
    to_library_id: int
    reason: str
    sent_at: dt.datetime
    received_at: dt.datetime


def _window(queryset, field: str, after: dt.datetime | None, before: dt.datetime):
    queryset = queryset.filter(**{f"{field}__lte": before})
    if after is not None:
        queryset = queryset.filter(**{f"{field}__gt": after})
    return queryset


def holds_closed(
    *, closed_after: dt.datetime | None, closed_before: dt.datetime, batch_size: int
) -> Iterator[list[ClosedHoldRow]]:
    holds = _window(
        Hold.objects.filter(closed_at__isnull=False), "closed_at", closed_after, closed_before
    ).annotate(clc_top=Subquery(Record.objects.filter(pk=OuterRef("record_id")).values("clc_top")))
    fields = ("id", "record_id", "clc_top", "reader_id", "reader__allow_analytics",
              "pickup_library_id", "status", "placed_at", "ready_at", "closed_at")  # fmt: skip
    last_id = 0
    while True:
        rows = list(holds.filter(pk__gt=last_id).order_by("pk").values_list(*fields)[:batch_size])
        if not rows:
            return
        yield [ClosedHoldRow(*values) for values in rows]
        last_id = rows[-1][0]


def transits_received(
    *, received_after: dt.datetime | None, received_before: dt.datetime, batch_size: int
) -> Iterator[list[ReceivedTransitRow]]:
    transits = _window(
        Transit.objects.filter(received_at__isnull=False),
        "received_at",
        received_after,
        received_before,
    )
    fields = ("id", "item_id", "from_library_id", "to_library_id", "reason", "sent_at",
              "received_at")  # fmt: skip
    last_id = 0
    while True:
        rows = list(
            transits.filter(pk__gt=last_id).order_by("pk").values_list(*fields)[:batch_size]
        )
        if not rows:
            return
        yield [ReceivedTransitRow(*values) for values in rows]
        last_id = rows[-1][0]
