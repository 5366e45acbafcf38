"""The O2O orders dataset of the analytics export: every ended order of the three
channels once, pseudonymous, incremental (a later export adds only what ended
since), and its aggregation counts as the orders do."""

import datetime as dt
from collections import Counter, defaultdict

import pyarrow.parquet as pq
import pytest

from wenlan.analytics.engines import aggregation_run
from wenlan.analytics.services import analytics_export
from wenlan.analytics.storage import Store
from wenlan.analytics.tests.factories import NOW, generated_log
from wenlan.core import clock
from wenlan.o2o.enums import StoreOrderStatus
from wenlan.o2o.models import StoreOrder
from wenlan.o2o.tests.analytics_factories import generated_o2o_orders

pytestmark = pytest.mark.django_db


def _rows(settings) -> list[dict]:
    store = Store(settings.WENLAN_ANALYTICS_URI)
    files = store.current_manifest().dataset("o2o_orders").files
    rows = []
    for f in files:
        month = f["path"].split("month=")[1].split("/")[0]
        library = int(f["path"].split("library=")[1].split("/")[0])
        rows += [{**r, "month": month, "library": library}
                 for r in pq.read_table(store.path(f["path"])).to_pylist()]  # fmt: skip
    return rows


@pytest.fixture
def orders(db):
    log = generated_log(entries=50, readers=30, seed=5)
    expected = generated_o2o_orders(libraries=log.libraries, readers=log.readers, seed=5)
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    return log, expected


def test_every_ended_order_is_exported_once_without_who_the_reader_is(orders, settings):
    log, expected = orders
    rows = _rows(settings)
    got = Counter(
        (r["channel"], r["library"], r["month"], r["state"], r["reader_pseudonym"]) for r in rows
    )
    assert got == Counter((e.channel, e.library_id, e.month, e.state, e.reader) for e in expected)
    assert all(r["library"] == r["library_id"] for r in rows)
    assert {r["channel"] for r in rows} == {"till", "store", "delivery"}
    assert {"cancelled", "failed", "completed"} <= {r["state"] for r in rows}
    secrets_ = {str(r.pk) for r in log.readers} | {r.card_number for r in log.readers}
    assert not {"reader_id", "card_number", "name"} & set(rows[0])
    assert all(r["reader_pseudonym"] not in secrets_ for r in rows)
    assert any(r["reader_pseudonym"] == "" for r in rows)  # readers who refused analytics


def test_a_later_export_adds_only_the_orders_ended_since(orders, settings):
    _log, expected = orders
    with clock.freeze(NOW + dt.timedelta(hours=1)):
        report = analytics_export(settle_seconds=0)
    assert report.datasets["o2o_orders"].rows == 0
    still_open = StoreOrder.objects.filter(status=StoreOrderStatus.PLACED).first()
    assert still_open is not None
    later = NOW + dt.timedelta(hours=2)
    StoreOrder.objects.filter(pk=still_open.pk).update(
        status=StoreOrderStatus.COLLECTED, closed_at=later
    )
    with clock.freeze(later + dt.timedelta(minutes=1)):
        report = analytics_export(settle_seconds=0)
    assert report.datasets["o2o_orders"].rows == 1
    assert len(_rows(settings)) == len(expected) + 1


def test_the_aggregation_counts_orders_and_readers_per_month_and_channel(orders):
    _log, expected = orders
    counts, states, readers = Counter(), Counter(), defaultdict(set)
    for e in expected:
        counts[(e.month, e.channel)] += 1
        states[(e.month, e.channel, e.state)] += 1
        if e.reader:
            readers[(e.month, e.channel)].add(e.reader)
    result = aggregation_run("o2o_orders_by_month_channel")
    assert result.rows == [
        {"month": m, "channel": c, "orders": n, "completed": states[(m, c, "completed")],
         "cancelled": states[(m, c, "cancelled")], "failed": states[(m, c, "failed")],
         "readers": len(readers[(m, c)])}
        for (m, c), n in sorted(counts.items())
    ]  # fmt: skip
    library = _log.libraries[0].pk
    mine = aggregation_run("o2o_orders_by_month_library_channel", params={"library": str(library)})
    assert sum(r["orders"] for r in mine.rows) == sum(
        1 for e in expected if e.library_id == library
    )
