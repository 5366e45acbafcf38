"""O2O orders as the analytics export reads them, a batch at a time in id order:
悦读 till loans (done at the till, taken by id), 悦购 store orders and 悦借 parcels
once they ended (collected or cancelled; delivered, failed, left uncollected or
cancelled) within a window of time. An order still open is not exported: how it
ends is not known yet."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import IntegerField, OuterRef, Subquery, Value

from wenlan.o2o.enums import ParcelStatus, StoreOrderStatus
from wenlan.o2o.models import BookstoreLoan, Parcel, ParcelStep, StoreOrder

# A parcel's first step with one of these statuses ends it (a delivered parcel
# may later be returned: its order was delivered all the same).
PARCEL_ENDS = (
    ParcelStatus.DELIVERED,
    ParcelStatus.FAILED,
    ParcelStatus.UNCOLLECTED,
    ParcelStatus.CANCELLED,
)
# A 悦读 loan ends at the till: the reader leaves with the book.
TILL_LENT = "lent"
STORE_ORDER_ENDS = (StoreOrderStatus.COLLECTED, StoreOrderStatus.CANCELLED)


@dataclass(frozen=True)
class O2oOrderRow:
    id: int
    library_id: int  # the library the order belongs to
    bookstore_id: int | None  # the partner bookstore's library row (悦读, 悦购)
    reader_id: int
    reader_allows_analytics: bool
    status: str  # the channel's own status at its end
    placed_at: dt.datetime
    ended_at: dt.datetime


def _batches(queryset, fields: tuple[str, ...], batch_size: int) -> Iterator[list[O2oOrderRow]]:
    last_id = 0
    while True:
        rows = list(
            queryset.filter(pk__gt=last_id).order_by("pk").values_list(*fields)[:batch_size]
        )
        if not rows:
            return
        yield [O2oOrderRow(*values) for values in rows]
        last_id = rows[-1][0]


def till_loans_after(
    *, after_id: int, created_before: dt.datetime, batch_size: int
) -> Iterator[list[O2oOrderRow]]:
    """悦读 loans after `after_id` made before `created_before`, up to the first one
    that is not (so that a later export does not skip it)."""
    fields = ("id", "bookstore__owner_library_id", "bookstore__library_id", "reader_id",
              "reader__allow_analytics", "created_at")  # fmt: skip
    loans = BookstoreLoan.objects.filter(pk__gt=after_id)
    last_id = after_id
    while True:
        rows = list(loans.filter(pk__gt=last_id).order_by("pk").values_list(*fields)[:batch_size])
        settled = []
        for values in rows:
            if values[5] > created_before:
                break
            settled.append(O2oOrderRow(*values[:5], TILL_LENT, values[5], values[5]))
        if settled:
            yield settled
        if len(settled) < len(rows) or len(rows) < batch_size:
            return
        last_id = rows[-1][0]


def _window(queryset, field: str, after: dt.datetime | None, before: dt.datetime):
    queryset = queryset.filter(**{f"{field}__lte": before})
    if after is not None:
        queryset = queryset.filter(**{f"{field}__gt": after})
    return queryset


def store_orders_ended(
    *, ended_after: dt.datetime | None, ended_before: dt.datetime, batch_size: int
) -> Iterator[list[O2oOrderRow]]:
    orders = _window(
        StoreOrder.objects.filter(status__in=STORE_ORDER_ENDS, closed_at__isnull=False),
        "closed_at",
        ended_after,
        ended_before,
    )
    fields = ("id", "bookstore__owner_library_id", "bookstore__library_id", "reader_id",
              "reader__allow_analytics", "status", "created_at", "closed_at")  # fmt: skip
    yield from _batches(orders, fields, batch_size)


def parcels_ended(
    *, ended_after: dt.datetime | None, ended_before: dt.datetime, batch_size: int
) -> Iterator[list[O2oOrderRow]]:
    """悦借 parcels (one per library of an order) by the time of their first ending
    step, with that step's status."""
    first_end = ParcelStep.objects.filter(parcel=OuterRef("pk"), status__in=PARCEL_ENDS).order_by(
        "at", "pk"
    )
    parcels = _window(
        Parcel.objects.annotate(
            ended_at=Subquery(first_end.values("at")[:1]),
            ended_status=Subquery(first_end.values("status")[:1]),
            bookstore_id=Value(None, output_field=IntegerField()),
        ),
        "ended_at",
        ended_after,
        ended_before,
    )
    fields = ("id", "library_id", "bookstore_id", "order__reader_id",
              "order__reader__allow_analytics", "ended_status", "order__placed_at",
              "ended_at")  # fmt: skip
    yield from _batches(parcels, fields, batch_size)
