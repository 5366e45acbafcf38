"""Both engines over the same export give the same rows in the same order, for
every aggregation. Spark starts in about ten seconds: one session for the module,
one test."""

import datetime as dt
import shutil
import signal
from collections import Counter

import pytest

from wenlan.analytics import aggregations, engines
from wenlan.analytics.errors import JavaMissingError
from wenlan.analytics.services import analytics_export
from wenlan.analytics.storage import Store
from wenlan.analytics.tests.factories import (
    NOW,
    generated_attendance,
    generated_holds_transits,
    generated_log,
)
from wenlan.analytics.tests.test_age_band import _expected_bands, _strip_age_band
from wenlan.circulation.models import CirculationLogEntry
from wenlan.core import clock
from wenlan.o2o.tests.analytics_factories import generated_o2o_orders


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java 17 (apt-get install openjdk-17-jre-headless)")
    handler = signal.getsignal(signal.SIGINT)
    session = engines.spark_session()
    # PySpark's own Ctrl-C handler, which fails once the session stops, is not left.
    assert signal.getsignal(signal.SIGINT) is handler
    yield session
    session.stop()


# The rising-topics windows (ignored by the aggregations without them).
WINDOWS = {"current_from": "2026-06-01", "current_to": "2026-06-30",
           "previous_from": "2026-05-01", "previous_to": "2026-05-31",
           "last_year_from": "2025-06-01", "last_year_to": "2025-06-30"}  # fmt: skip


def _params(log) -> list[dict[str, str]]:
    return [
        WINDOWS,
        {"library": str(log.libraries[0].pk), "month_from": "2026-04", "top": "4", **WINDOWS},
    ]


# Filtered runs for these only: the parameters are bound the same way for all.
FILTERED = ("loans_by_month_library", "record_loans", "attendance_by_month_library",
            "o2o_orders_by_month_channel")  # fmt: skip


@pytest.mark.slow
@pytest.mark.django_db
def test_duckdb_and_spark_give_identical_results(spark, settings):
    log = generated_log(entries=500, seed=11)
    generated_attendance(libraries=log.libraries, readers=log.readers, seed=11)
    generated_holds_transits(log=log, seed=11)
    generated_o2o_orders(libraries=log.libraries, readers=log.readers, orders=60, seed=11)
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    compared = 0
    for name, aggregation in aggregations.AGGREGATIONS.items():
        known = {p.name for p in aggregation.params}
        for params in _params(log) if name in FILTERED else _params(log)[:1]:
            params = {k: v for k, v in params.items() if k in known}
            duck = engines.aggregation_run(name, params=params, engine="duckdb")
            on_spark = engines.aggregation_run(
                name, params=params, engine="spark", spark_session=spark
            )
            assert duck.rows, (name, params)
            assert on_spark.rows == duck.rows, (name, params)
            assert [type(v) for v in on_spark.rows[0].values()] == [
                type(v) for v in duck.rows[0].values()
            ]
            compared += 1
    # Spark too reads only the partitions the filter names.
    params = {"library": str(log.libraries[0].pk), "month_from": "2026-04", "month_to": "2026-04"}
    store = Store(settings.WENLAN_ANALYTICS_URI)
    engines.SparkEngine(store, store.current_manifest(), session=spark)
    plan = spark.sql(_statement("record_loans", params, "spark"))._jdf.queryExecution()
    executed = plan.executedPlan().toString()
    assert "PartitionFilters: [isnotnull(month" in executed
    assert "isnotnull(library" in executed
    assert compared == len(aggregations.AGGREGATIONS) + len(FILTERED)


def test_spark_without_java_says_what_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(JavaMissingError) as refused:
        engines.spark_session()
    assert "openjdk-17-jre-headless" in str(refused.value)


def _statement(name: str, params: dict[str, str], dialect: str) -> str:
    aggregation = aggregations.aggregation_get(name)
    return aggregations.statement(
        aggregation, aggregations.parameters_parse(aggregation, params), dialect=dialect
    )


@pytest.mark.django_db
def test_duckdb_reads_only_the_partitions_a_filter_names(settings):
    log = generated_log(entries=200)
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    store = Store(settings.WENLAN_ANALYTICS_URI)
    manifest = store.current_manifest()
    total = len(manifest.dataset("circulation").files)
    library = log.libraries[0].pk
    params = {"library": str(library), "month_from": "2026-04", "month_to": "2026-04"}
    with engines.engine_open("duckdb", store=store, manifest=manifest) as duck:
        plan = duck.connection.execute(
            "EXPLAIN ANALYZE " + _statement("record_loans", params, "duckdb")
        ).fetchall()[0][1]
    assert total > 4 and f"Scanning Files: 1/{total}" in plan


@pytest.mark.slow
@pytest.mark.django_db
def test_both_engines_read_files_from_before_the_age_band_as_unknown(spark, settings):
    """An export's earlier month files lack the age band column: DuckDB (by name)
    and Spark (the dataset's schema) both read them as null, counted as unknown."""
    store = Store(settings.WENLAN_ANALYTICS_URI)
    generated_log(entries=120, seed=5)
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    _strip_age_band(store)
    old = CirculationLogEntry.objects.filter(kind="checkout")
    old_loans, last_old = old.count(), old.order_by("-pk").first().pk
    log = generated_log(entries=120, seed=6)
    with clock.freeze(NOW + dt.timedelta(minutes=1)):
        analytics_export(settle_seconds=0)
    duck = engines.aggregation_run("loans_by_age_band", engine="duckdb")
    on_spark = engines.aggregation_run("loans_by_age_band", engine="spark", spark_session=spark)
    assert on_spark.rows == duck.rows
    new = CirculationLogEntry.objects.filter(kind="checkout", pk__gt=last_old)
    banded = _expected_bands(log)
    expected = Counter(banded[pk] for pk in new.values_list("pk", flat=True))
    expected["unknown"] += old_loans
    assert {row["age_band"]: row["loans"] for row in duck.rows} == dict(expected)
