"""悦借's pure rules, without a database."""

import datetime as dt
from decimal import Decimal

import pytest

from wenlan.o2o.policies import (
    collect_deadline,
    copies_per_order,
    delivery_fee,
    parcel_late,
    parcel_not_moving,
    parcel_step_allowed,
)

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("to_point", "fee", "free_from", "books", "expected"),
    [
        (True, "5.00", None, 1, "0.00"),  # a pickup point is free
        (False, "0.00", None, 1, "0.00"),  # a free zone
        (False, "5.00", None, 9, "5.00"),  # a flat fee
        (False, "6.00", 3, 2, "6.00"),
        (False, "6.00", 3, 3, "0.00"),  # free from three books
    ],
)
def test_delivery_fee(to_point, fee, free_from, books, expected):
    assert delivery_fee(
        to_pickup_point=to_point, zone_fee=Decimal(fee), free_from_books=free_from, books=books
    ) == Decimal(expected)


def test_copies_per_order_by_category():
    assert (copies_per_order("adult"), copies_per_order("child")) == (5, 3)
    assert copies_per_order("institution") == 20


def test_parcel_steps():
    assert parcel_step_allowed("placed", "picking")
    assert parcel_step_allowed("packed", "cancelled")
    assert not parcel_step_allowed("dispatched", "cancelled")  # too late to cancel
    assert not parcel_step_allowed("delivered", "delivered")  # a repeated step
    assert not parcel_step_allowed("cancelled", "picking")


def test_late_and_not_moving():
    hour = dt.timedelta(hours=1)
    assert not parcel_late(status="placed", status_at=NOW - 23 * hour, now=NOW)
    assert parcel_late(status="placed", status_at=NOW - 25 * hour, now=NOW)
    assert not parcel_late(status="delivered", status_at=NOW - 900 * hour, now=NOW)
    assert parcel_late(status="at_locker", status_at=NOW, now=NOW, collect_by=NOW - hour)
    assert not parcel_late(status="at_locker", status_at=NOW, now=NOW, collect_by=NOW + hour)
    assert parcel_not_moving(status="dispatched", status_at=NOW - 49 * hour,
                             courier_seen_at=None, now=NOW)  # fmt: skip
    assert not parcel_not_moving(status="dispatched", status_at=NOW - 49 * hour,
                                 courier_seen_at=NOW - hour, now=NOW)  # fmt: skip
    assert collect_deadline(stored_at=NOW, hold_days=3) == NOW + 72 * hour
