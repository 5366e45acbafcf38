"""The holds, transits and collection datasets: finished holds with their wait,
received transits with their hours, every copy once; exported once, not again."""

import pytest

from wenlan.analytics import engines
from wenlan.analytics.services import analytics_export
from wenlan.analytics.tests.factories import NOW, generated_holds_transits, generated_log
from wenlan.circulation.models import Hold, Transit
from wenlan.core import clock

pytestmark = pytest.mark.django_db


def _rows(store_sql: str) -> list:
    from django.conf import settings

    from wenlan.analytics.storage import Store

    store = Store(settings.WENLAN_ANALYTICS_URI)
    engine = engines.DuckDBEngine(store, store.current_manifest())
    try:
        return engine.run(store_sql)
    finally:
        engine.close()


def test_holds_transits_and_copies_are_exported_once():
    log = generated_log(entries=50)
    generated_holds_transits(log=log)
    with clock.freeze(NOW):
        first = analytics_export(settle_seconds=0)
        again = analytics_export(settle_seconds=0)
    assert first.datasets["holds"].rows == Hold.objects.count() == 30
    assert first.datasets["transits"].rows == Transit.objects.count() == 20
    assert first.datasets["collection"].rows == len(log.items)
    assert not again.changed and again.datasets["holds"].rows == 0
    holds = _rows("SELECT hold_id, status, wait_hours, library FROM holds ORDER BY hold_id")
    for row, hold in zip(holds, Hold.objects.order_by("pk"), strict=True):
        assert row["library"] == hold.pickup_library_id
        if hold.ready_at is None:
            assert row["wait_hours"] is None
        else:
            assert row["wait_hours"] == round(
                (hold.ready_at - hold.placed_at).total_seconds() / 3600, 3
            )
    transit = Transit.objects.order_by("pk").first()
    hours = _rows(f"SELECT hours FROM transits WHERE transit_id = {transit.pk}")[0]["hours"]
    assert hours == round((transit.received_at - transit.sent_at).total_seconds() / 3600, 3)
    assert {"reader_pseudonym"} & set(_rows("SELECT * FROM transits LIMIT 1")[0]) == set()
