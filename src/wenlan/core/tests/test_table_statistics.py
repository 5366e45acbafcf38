import pytest
from django.db import connection

from wenlan.catalog.models import Record
from wenlan.catalog.tests.factories import RecordFactory
from wenlan.core.table_statistics import TableStatistics

pytestmark = pytest.mark.django_db


def _estimated_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Record._meta.db_table])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_statistics_are_gathered_once_the_load_has_added_enough_rows():
    # From this test's empty table: ANALYZE writes pg_class in place, so the figures
    # an earlier test's import gathered outlive its rolled-back transaction.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Record._meta.db_table)}")
    statistics = TableStatistics(Record, at_least=5)
    RecordFactory.create_batch(4)
    statistics.added(4)
    assert statistics.added_since == 4  # not yet: fewer than at_least
    RecordFactory.create_batch(2)
    statistics.added(2)
    assert statistics.added_since == 0
    assert _estimated_rows() >= 6
    assert statistics.counted >= 6


def test_on_sqlite_nothing_is_gathered():
    statistics = TableStatistics(Record, at_least=1)
    statistics.added(10)
    assert statistics.enabled is (connection.vendor == "postgresql")
    if not statistics.enabled:
        assert statistics.added_since == 0
