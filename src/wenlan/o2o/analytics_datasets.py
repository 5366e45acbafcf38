"""The O2O orders dataset of the analytics export (found by analytics.registry):
one row per order of the three channels once it ended, with the reader's
pseudonym (the same keyed hash as every dataset; blank for a reader who refused
analytics) and never their id, card or name. Partitioned by the month the order
was placed (local time) and the library it belongs to: the bookstore's funding
library for 悦读 and 悦购, the sending library for a 悦借 parcel.

Watermarks: `till_last_id` (悦读 loans are taken by id, once settled) and
`ended_before` (the end of the last window of ended store orders and parcels)."""

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pyarrow as pa
from django.conf import settings

from wenlan.analytics import policies
from wenlan.analytics.datasets import TIMESTAMP, Batch, Column, Dataset, PartitionKey
from wenlan.analytics.registry import DatasetSource
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services.log import analytics_secret
from wenlan.o2o.enums import ParcelStatus, StoreOrderStatus
from wenlan.o2o.selectors.analytics import (
    TILL_LENT,
    O2oOrderRow,
    parcels_ended,
    store_orders_ended,
    till_loans_after,
)

O2O_ORDERS = Dataset(
    "o2o_orders",
    (
        Column("order_id", pa.int64()),  # the channel's own id (悦借: the parcel's)
        Column("channel", pa.string()),  # till (悦读), store (悦购), delivery (悦借)
        Column("library_id", pa.int64()),
        Column("bookstore_id", pa.int64()),
        Column("reader_pseudonym", pa.string()),
        Column("state", pa.string()),  # completed, cancelled, failed
        Column("status", pa.string()),  # the channel's own status at the end
        Column("placed_at", TIMESTAMP),
        Column("ended_at", TIMESTAMP),
        Column("local_date", pa.date32()),  # placed, local date
    ),
)

TILL, STORE, DELIVERY = "till", "store", "delivery"
CHANNELS = (TILL, STORE, DELIVERY)
COMPLETED, CANCELLED, FAILED = "completed", "cancelled", "failed"
# Each channel's end status as one of three states common to all channels.
STATES = {
    TILL_LENT: COMPLETED,
    StoreOrderStatus.COLLECTED: COMPLETED,
    StoreOrderStatus.CANCELLED: CANCELLED,
    ParcelStatus.DELIVERED: COMPLETED,
    ParcelStatus.CANCELLED: CANCELLED,
    ParcelStatus.FAILED: FAILED,
    ParcelStatus.UNCOLLECTED: FAILED,
}


def order_state(status: str) -> str:
    return STATES.get(status, FAILED)


def _batch(channel: str, rows: list[O2oOrderRow], *, zone: ZoneInfo, secret: str) -> Batch:
    keys: list[PartitionKey] = []
    columns: dict[str, list] = {c.name: [] for c in O2O_ORDERS.columns}
    for row in rows:
        local = row.placed_at.astimezone(zone)
        keys.append((policies.month_of(local), row.library_id))
        columns["order_id"].append(row.id)
        columns["channel"].append(channel)
        columns["library_id"].append(row.library_id)
        columns["bookstore_id"].append(row.bookstore_id)
        columns["reader_pseudonym"].append(
            reader_pseudonym(secret=secret, reader_id=row.reader_id)
            if row.reader_allows_analytics
            else ""
        )
        columns["state"].append(order_state(row.status))
        columns["status"].append(str(row.status))
        columns["placed_at"].append(row.placed_at)
        columns["ended_at"].append(row.ended_at)
        columns["local_date"].append(local.date())
    return Batch.of(O2O_ORDERS, keys, columns)


def o2o_order_batches(
    *, watermark: dict, now: dt.datetime, settle_seconds: int, batch_size: int
) -> Iterator[Batch]:
    zone, secret = ZoneInfo(settings.TIME_ZONE), analytics_secret()
    before = now - dt.timedelta(seconds=settle_seconds)
    for rows in till_loans_after(
        after_id=watermark.get("till_last_id", 0), created_before=before, batch_size=batch_size
    ):
        batch = _batch(TILL, rows, zone=zone, secret=secret)
        batch.watermark = {"till_last_id": rows[-1].id}
        yield batch
    after = watermark.get("ended_before")
    after = dt.datetime.fromisoformat(after) if after else None
    if after is not None and before <= after:
        return
    window = {"ended_after": after, "ended_before": before, "batch_size": batch_size}
    for rows in store_orders_ended(**window):
        yield _batch(STORE, rows, zone=zone, secret=secret)
    for rows in parcels_ended(**window):
        yield _batch(DELIVERY, rows, zone=zone, secret=secret)
    # The window is done whether or not it held rows: the next export starts after it.
    yield Batch(watermark={"ended_before": before.isoformat()})


SOURCES = (DatasetSource(O2O_ORDERS, o2o_order_batches),)
