"""Every aggregation on DuckDB against the same figure counted in Python from the
log, and the parameters: checked, typed, bound as literals in both dialects."""

from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from wenlan.analytics import aggregations, engines
from wenlan.analytics.errors import AggregationNotFoundError, AggregationParameterError
from wenlan.analytics.services import analytics_export
from wenlan.analytics.tests.factories import (
    NOW,
    generated_attendance,
    generated_log,
    pseudonym_of,
)
from wenlan.catalog.models import Record
from wenlan.circulation.models import CirculationLogEntry
from wenlan.core import clock


@pytest.fixture
def exported(db):
    log = generated_log(entries=400)
    generated_attendance(libraries=log.libraries, readers=log.readers)
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    return log


def _entries():
    zone = timezone.get_default_timezone()
    clc = dict(Record.objects.values_list("pk", "clc_top"))
    for e in CirculationLogEntry.objects.all():
        local = e.at.astimezone(zone)
        yield {
            "month": f"{local:%Y-%m}",
            "library": e.library_id or 0,
            "weekday": local.isoweekday(),
            "hour": local.hour,
            "kind": e.kind,
            "reader": e.reader_pseudonym,
            "category": e.reader_category,
            "record_id": e.record_id,
            "library_id": e.library_id,
            "clc_top": clc.get(e.record_id, ""),
        }


def _run(name, **params):
    return engines.aggregation_run(name, params={k: str(v) for k, v in params.items()}).rows


def test_loans_by_month_library(exported):
    loans, readers = Counter(), defaultdict(set)
    for e in _entries():
        if e["kind"] == "checkout":
            key = (e["month"], e["library"])
            loans[key] += 1
            if e["reader"]:
                readers[key].add(e["reader"])
    expected = [
        {"month": m, "library": lib, "loans": n, "readers": len(readers[(m, lib)])}
        for (m, lib), n in sorted(loans.items())
    ]
    assert _run("loans_by_month_library") == expected
    library = exported.libraries[0].pk
    assert _run("loans_by_month_library", library=library, month_from="2026-04") == [
        row for row in expected if row["library"] == library and row["month"] >= "2026-04"
    ]


def test_loans_by_hour_of_week(exported):
    loans = Counter(
        (e["library"], e["weekday"], e["hour"]) for e in _entries() if e["kind"] == "checkout"
    )
    rows = _run("loans_by_hour_of_week")
    assert [(r["library"], r["weekday"], r["hour"], r["loans"]) for r in rows] == [
        (*key, n) for key, n in sorted(loans.items())
    ]


def test_active_readers(exported):
    per_library, network = defaultdict(set), defaultdict(set)
    for e in _entries():
        if e["reader"]:
            per_library[(e["month"], e["library"])].add(e["reader"])
            network[e["month"]].add(e["reader"])
    rows = _run("active_readers_by_month_library")
    assert [(r["month"], r["library"], r["readers"]) for r in rows] == [
        (*key, len(v)) for key, v in sorted(per_library.items())
    ]
    assert _run("active_readers_by_month") == [
        {"month": m, "readers": len(v)} for m, v in sorted(network.items())
    ]


def test_loans_by_clc_month(exported):
    loans = Counter((e["month"], e["clc_top"]) for e in _entries() if e["kind"] == "checkout")
    rows = _run("loans_by_clc_month")
    assert [(r["month"], r["clc_top"], r["loans"]) for r in rows] == sorted(
        (*key, n) for key, n in loans.items()
    )
    assert {r["clc_top"] for r in rows} == {"I", "K", "T", "", "G"}


def test_record_loans_in_a_period(exported):
    loans, readers, libraries = Counter(), defaultdict(set), defaultdict(set)
    for e in _entries():
        if e["kind"] == "checkout" and "2026-04" <= e["month"] <= "2026-05":
            loans[e["record_id"]] += 1
            libraries[e["record_id"]].add(e["library_id"])
            if e["reader"]:
                readers[e["record_id"]].add(e["reader"])
    expected = [
        {"record_id": r, "loans": n, "readers": len(readers[r]), "libraries": len(libraries[r])}
        for r, n in sorted(loans.items(), key=lambda item: (-item[1], item[0]))
    ]
    assert _run("record_loans", month_from="2026-04", month_to="2026-05") == expected
    assert _run("record_loans", month_from="2026-04", month_to="2026-05", top=3) == expected[:3]


def test_attendance_by_month_library(exported):
    rows = _run("attendance_by_month_library")
    assert len(rows) == 4  # four settled occurrences, each in its own month or library
    assert sum(r["registrations"] for r in rows) == 24
    for r in rows:
        assert r["attended"] + r["no_shows"] + r["cancelled"] == r["registrations"]
        assert r["readers"] <= r["attended"]


def test_an_empty_export_answers_with_no_rows(db):
    for name in aggregations.AGGREGATIONS:
        assert engines.aggregation_run(name).rows == []


@pytest.mark.parametrize(
    "params",
    [
        {"month_from": "2026-13"},
        {"month_from": "2026-01'; DROP TABLE x; --"},
        {"library": "abc"},
        {"library": "-1"},
        {"top": "1e9"},
        {"nope": "1"},
    ],
)
def test_bad_parameters_are_refused_by_name(params):
    with pytest.raises(AggregationParameterError) as refused:
        aggregations.parameters_parse(aggregations.aggregation_get("record_loans"), params)
    assert refused.value.field == next(iter(params))


def test_an_unknown_aggregation_is_not_found():
    with pytest.raises(AggregationNotFoundError):
        aggregations.aggregation_get("loans_by_star_sign")


def test_one_definition_is_bound_and_transpiled_for_each_engine():
    aggregation = aggregations.aggregation_get("record_loans")
    values = aggregations.parameters_parse(
        aggregation, {"month_from": "2026-01", "library": "7", "top": "5"}
    )
    duck = aggregations.statement(aggregation, values, dialect="duckdb")
    spark = aggregations.statement(aggregation, values, dialect="spark")
    for sql in (duck, spark):
        assert "'2026-01'" in sql and "library = 7" in sql and "LIMIT 5" in sql
        assert ":" not in sql and "$" not in sql
    assert "NULLS LAST" in spark  # Spark sorts NULLs first unless told


def test_loans_returns_by_day(exported):
    loans, returns = Counter(), Counter()
    zone = timezone.get_default_timezone()
    for e in CirculationLogEntry.objects.filter(kind__in=["checkout", "checkin"]):
        key = (e.at.astimezone(zone).date(), e.library_id or 0)
        (loans if e.kind == "checkout" else returns)[key] += 1
    rows = _run("loans_returns_by_day")
    assert [(r["local_date"], r["library"], r["loans"], r["returns"]) for r in rows] == [
        (*key, loans[key], returns[key]) for key in sorted(set(loans) | set(returns))
    ]


def test_loans_by_reader_category_and_by_where_readers_live(exported):
    by_category = Counter()
    by_home = Counter()
    homes = {pseudonym_of(r): r.home_library_id for r in exported.readers if r.allow_analytics}
    for e in _entries():
        if e["kind"] == "checkout":
            by_category[(e["month"], e["category"])] += 1
            if e["reader"]:
                by_home[(e["month"], homes[e["reader"]], e["library"])] += 1
    rows = _run("loans_by_reader_category_month")
    assert [(r["month"], r["reader_category"], r["loans"]) for r in rows] == sorted(
        (*key, n) for key, n in by_category.items()
    )
    rows = _run("loans_by_reader_library_month")
    assert [(r["month"], r["reader_library_id"], r["library"], r["loans"]) for r in rows] == (
        sorted((*key, n) for key, n in by_home.items())
    )


def test_an_app_above_runs_an_aggregation_of_its_own(exported):
    busiest_hour = aggregations.Aggregation(
        "busiest_hour",
        "The hour with the most loans.",
        (aggregations.LIBRARY,),
        """
        SELECT hour, COUNT(*) AS loans FROM circulation
        WHERE kind = 'checkout' AND (:library IS NULL OR library = :library)
        GROUP BY hour ORDER BY loans DESC, hour LIMIT 1
        """,
        None,
    )
    loans = Counter(e["hour"] for e in _entries() if e["kind"] == "checkout")
    hour, most = min(loans.items(), key=lambda item: (-item[1], item[0]))
    result = engines.aggregation_run(busiest_hour)
    assert result.aggregation == "busiest_hour" and result.rows == [{"hour": hour, "loans": most}]
