"""Exports started at once on PostgreSQL with real threads: the lease lets one of
them export at a time, so no export's clean-up removes the files another is
writing, and the export that results counts every log entry exactly once."""

import datetime as dt

import pytest

from wenlan.analytics import engines, locks
from wenlan.analytics.errors import ExportRunningError
from wenlan.analytics.services import analytics_export
from wenlan.analytics.storage import Store
from wenlan.analytics.tests.factories import NOW, generated_log
from wenlan.circulation.models import CirculationLogEntry
from wenlan.core import clock
from wenlan.core.testing import race, race_marks, skip_unless_postgres

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_eight_exports_claiming_the_lease_at_once_give_it_to_one():
    wins = race(8, lambda n: locks.export_lease_take(holder=f"export-{n}", now=NOW)).wins
    assert sorted(wins) == [False] * 7 + [True]
    # Expired, it can be taken again; given back, at once.
    assert locks.export_lease_take(holder="later", now=NOW + locks.LEASE + dt.timedelta(seconds=1))
    locks.export_lease_release(holder="later")
    assert locks.export_lease_take(holder="after", now=NOW)


def test_four_exports_at_once_count_every_entry_once(settings):
    generated_log(entries=300)

    def export(n):
        with clock.freeze(NOW + dt.timedelta(seconds=n)):
            return analytics_export(settle_seconds=0)

    outcome = race(4, export)
    assert outcome.wins and all(isinstance(e, ExportRunningError) for e in outcome.losses)
    assert sum(report.datasets["circulation"].rows for report in outcome.wins) == 300
    store = Store(settings.WENLAN_ANALYTICS_URI)
    assert store.current_manifest().dataset("circulation").rows == 300
    rows = engines.aggregation_run("active_readers_by_month_library").rows
    assert (
        sum(r["events"] for r in rows)
        == CirculationLogEntry.objects.exclude(reader_pseudonym="").count()
    )
    listed = {f["path"] for f in store.current_manifest().dataset("circulation").files}
    assert set(store.files_under("circulation")) == listed
