"""The aggregations, each defined once: a name, its parameters and ONE SQL text in
DuckDB's dialect over views named after the datasets (`circulation`,
`event_attendance`). `engines.py` runs the same statement on DuckDB, or transpiled
by sqlglot on Spark; parameters (`:name`) are put into the parsed statement as
literals, after they were checked, so both engines receive the same query.

Filters on `month` and `library` (the partition columns) let an engine skip the
files of other months and libraries. Every ORDER BY covers every output column
that identifies a row, so both engines return the rows in the same order."""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlglot
from django.utils.translation import gettext as _
from sqlglot import exp

from wenlan.analytics.errors import AggregationNotFoundError, AggregationParameterError
from wenlan.analytics.policies import MONTH


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "month", "date", "int" or "optional_int"
    default: Any
    help: str


@dataclass(frozen=True)
class Aggregation:
    name: str
    description: str
    params: tuple[Param, ...]
    sql: str
    readers_column: str | None  # the distinct-readers count the privacy rule reads

    def parsed(self) -> exp.Expression:
        return _parse(self.sql)


MONTH_FROM = Param("month_from", "month", "0001-01", "first month (YYYY-MM)")
MONTH_TO = Param("month_to", "month", "9999-12", "last month (YYYY-MM)")
LIBRARY = Param("library", "optional_int", None, "one library's id (default: all)")
TOP = Param("top", "int", 1000, "at most this many rows")
PERIOD = (MONTH_FROM, MONTH_TO, LIBRARY)
IN_PERIOD = "month BETWEEN :month_from AND :month_to AND (:library IS NULL OR library = :library)"
# Three windows of days (this one, the one before, the same one a year earlier) for
# the rising topics; month_from/month_to should cover them so that other months'
# files are skipped.
WINDOWS = tuple(
    Param(f"{window}_{end}", "date", "0001-01-01", f"{window} window's {end} day (YYYY-MM-DD)")
    for window in ("current", "previous", "last_year")
    for end in ("from", "to")
)


def _in_window(window: str) -> str:
    return f"local_date BETWEEN CAST(:{window}_from AS DATE) AND CAST(:{window}_to AS DATE)"


def _window_loans(window: str) -> str:
    return f"SUM(CASE WHEN {_in_window(window)} THEN 1 ELSE 0 END)"


WINDOW_COLUMNS = f"""
    {_window_loans("current")} AS loans,
    {_window_loans("previous")} AS previous_loans,
    {_window_loans("last_year")} AS last_year_loans,
    COUNT(DISTINCT CASE WHEN {_in_window("current")} AND reader_pseudonym <> ''
                        THEN reader_pseudonym END) AS readers
"""
IN_WINDOWS = f"""kind = 'checkout' AND {IN_PERIOD}
    AND ({_in_window("current")} OR {_in_window("previous")} OR {_in_window("last_year")})"""

AGGREGATIONS: dict[str, Aggregation] = {
    a.name: a
    for a in (
        Aggregation(
            "loans_by_month_library",
            "Loans (checkouts) and distinct borrowers per month and library.",
            PERIOD,
            f"""
            SELECT month, library, COUNT(*) AS loans,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM circulation
            WHERE kind = 'checkout' AND {IN_PERIOD}
            GROUP BY month, library
            ORDER BY month, library
            """,
            "readers",
        ),
        Aggregation(
            "loans_by_hour_of_week",
            "Loans per weekday (1 = Monday) and hour, local time, per library.",
            PERIOD,
            f"""
            SELECT library, weekday, hour, COUNT(*) AS loans,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM circulation
            WHERE kind = 'checkout' AND {IN_PERIOD}
            GROUP BY library, weekday, hour
            ORDER BY library, weekday, hour
            """,
            "readers",
        ),
        Aggregation(
            "loans_returns_by_day",
            "Loans and returns per day (local date) and library.",
            PERIOD,
            f"""
            SELECT local_date, library,
                   SUM(CASE WHEN kind = 'checkout' THEN 1 ELSE 0 END) AS loans,
                   SUM(CASE WHEN kind = 'checkin' THEN 1 ELSE 0 END) AS returns,
                   COUNT(DISTINCT CASE WHEN kind = 'checkout' AND reader_pseudonym <> ''
                                       THEN reader_pseudonym END) AS readers
            FROM circulation
            WHERE kind IN ('checkout', 'checkin') AND {IN_PERIOD}
            GROUP BY local_date, library
            ORDER BY local_date, library
            """,
            "readers",
        ),
        Aggregation(
            "loans_by_reader_category_month",
            "Loans and distinct borrowers per reader category and month.",
            PERIOD,
            f"""
            SELECT month, reader_category, COUNT(*) AS loans,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM circulation
            WHERE kind = 'checkout' AND {IN_PERIOD}
            GROUP BY month, reader_category
            ORDER BY month, reader_category
            """,
            "readers",
        ),
        Aggregation(
            "loans_by_reader_library_month",
            "Loans per month by the library the borrower registered at (where readers "
            "live; only readers who allow analytics) and the library that lent.",
            PERIOD,
            f"""
            SELECT month, reader_library_id, library, COUNT(*) AS loans,
                   COUNT(DISTINCT reader_pseudonym) AS readers
            FROM circulation
            WHERE kind = 'checkout' AND reader_library_id IS NOT NULL AND {IN_PERIOD}
            GROUP BY month, reader_library_id, library
            ORDER BY month, reader_library_id, library
            """,
            "readers",
        ),
        Aggregation(
            "active_readers_by_month_library",
            "Readers with any circulation (loan, renewal, return, hold) per month and "
            "library; a reader active at two libraries counts at both.",
            PERIOD,
            f"""
            SELECT month, library, COUNT(DISTINCT reader_pseudonym) AS readers,
                   COUNT(*) AS events
            FROM circulation
            WHERE reader_pseudonym <> '' AND {IN_PERIOD}
            GROUP BY month, library
            ORDER BY month, library
            """,
            "readers",
        ),
        Aggregation(
            "active_readers_by_month",
            "Readers with any circulation per month, network-wide (each reader once).",
            PERIOD,
            f"""
            SELECT month, COUNT(DISTINCT reader_pseudonym) AS readers
            FROM circulation
            WHERE reader_pseudonym <> '' AND {IN_PERIOD}
            GROUP BY month
            ORDER BY month
            """,
            "readers",
        ),
        Aggregation(
            "loans_by_clc_month",
            "Loans and distinct borrowers per CLC top class ('' = unclassified) and month.",
            PERIOD,
            f"""
            SELECT month, clc_top, COUNT(*) AS loans,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM circulation
            WHERE kind = 'checkout' AND {IN_PERIOD}
            GROUP BY month, clc_top
            ORDER BY month, clc_top
            """,
            "readers",
        ),
        Aggregation(
            "record_loans",
            "Per record in the period: loans, distinct borrowers, distinct lending "
            "libraries; the most lent first.",
            (*PERIOD, TOP),
            f"""
            SELECT record_id, COUNT(*) AS loans,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers,
                   COUNT(DISTINCT library_id) AS libraries
            FROM circulation
            WHERE kind = 'checkout' AND record_id IS NOT NULL AND {IN_PERIOD}
            GROUP BY record_id
            ORDER BY loans DESC, record_id
            LIMIT :top
            """,
            "readers",
        ),
        Aggregation(
            "attendance_by_month_library",
            "Event registrations, attendances, no-shows and cancellations per month "
            "(of the occurrence) and library; readers = distinct readers who came.",
            PERIOD,
            f"""
            SELECT month, library, COUNT(*) AS registrations,
                   SUM(CASE WHEN attended THEN 1 ELSE 0 END) AS attended,
                   SUM(CASE WHEN no_show THEN 1 ELSE 0 END) AS no_shows,
                   SUM(CASE WHEN cancelled THEN 1 ELSE 0 END) AS cancelled,
                   COUNT(DISTINCT CASE WHEN attended AND reader_pseudonym <> ''
                                       THEN reader_pseudonym END) AS readers
            FROM event_attendance
            WHERE {IN_PERIOD}
            GROUP BY month, library
            ORDER BY month, library
            """,
            "readers",
        ),
        # --- for the insights dashboards and planning (insights app) ----------------
        Aggregation(
            "new_readers_by_month",
            "Readers whose first circulation in the export (at the library, if one is "
            "given) falls in the month.",
            PERIOD,
            """
            SELECT first_month AS month, COUNT(*) AS readers
            FROM (SELECT reader_pseudonym, MIN(month) AS first_month
                  FROM circulation
                  WHERE reader_pseudonym <> '' AND (:library IS NULL OR library = :library)
                  GROUP BY reader_pseudonym) AS firsts
            WHERE first_month BETWEEN :month_from AND :month_to
            GROUP BY first_month
            ORDER BY first_month
            """,
            "readers",
        ),
        Aggregation(
            "loans_by_reader_category",
            "Loans and distinct borrowers per reader category over the whole period.",
            PERIOD,
            f"""
            SELECT reader_category, COUNT(*) AS loans,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM circulation
            WHERE kind = 'checkout' AND {IN_PERIOD}
            GROUP BY reader_category
            ORDER BY reader_category
            """,
            "readers",
        ),
        Aggregation(
            "loans_by_age_band",
            "Loans and distinct borrowers per age band of the borrower on the day of "
            "the loan over the whole period ('unknown': no birth year, no consent, or "
            "a file exported before the column existed).",
            PERIOD,
            f"""
            SELECT age_band, COUNT(*) AS loans,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM (SELECT COALESCE(age_band, 'unknown') AS age_band, reader_pseudonym
                  FROM circulation
                  WHERE kind = 'checkout' AND {IN_PERIOD}) AS banded
            GROUP BY age_band
            ORDER BY age_band
            """,
            "readers",
        ),
        Aggregation(
            "loans_by_clc",
            "Loans and distinct borrowers per CLC top class over the whole period.",
            PERIOD,
            f"""
            SELECT clc_top, COUNT(*) AS loans,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM circulation
            WHERE kind = 'checkout' AND {IN_PERIOD}
            GROUP BY clc_top
            ORDER BY clc_top
            """,
            "readers",
        ),
        Aggregation(
            "loans_by_reader_library",
            "Loans over the period by the library where the borrowers registered (where "
            "they live; only readers who allow analytics).",
            PERIOD,
            f"""
            SELECT reader_library_id, COUNT(*) AS loans,
                   COUNT(DISTINCT reader_pseudonym) AS readers
            FROM circulation
            WHERE kind = 'checkout' AND reader_library_id IS NOT NULL AND {IN_PERIOD}
            GROUP BY reader_library_id
            ORDER BY reader_library_id
            """,
            "readers",
        ),
        Aggregation(
            "holds_by_month_library",
            "Finished holds per month placed and pickup library: filled, cancelled, "
            "expired, the mean wait in days until a copy was ready, and how many "
            "waited more than a week.",
            PERIOD,
            f"""
            SELECT month, library, COUNT(*) AS holds,
                   SUM(CASE WHEN status = 'fulfilled' THEN 1 ELSE 0 END) AS filled,
                   SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
                   SUM(CASE WHEN status = 'expired' THEN 1 ELSE 0 END) AS expired,
                   ROUND(AVG(wait_hours) / 24, 1) AS mean_wait_days,
                   SUM(CASE WHEN wait_hours > 168 THEN 1 ELSE 0 END) AS waited_over_week,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM holds
            WHERE {IN_PERIOD}
            GROUP BY month, library
            ORDER BY month, library
            """,
            "readers",
        ),
        Aggregation(
            "transit_times",
            "Received transits per pair of libraries (sent in the period): how many, "
            "and the mean and longest time on the way in hours. With a library: those "
            "it sent or received.",
            PERIOD,
            """
            SELECT from_library_id, to_library_id, COUNT(*) AS transits,
                   ROUND(AVG(hours), 1) AS mean_hours, ROUND(MAX(hours), 1) AS max_hours
            FROM transits
            WHERE month BETWEEN :month_from AND :month_to
              AND (:library IS NULL OR library = :library OR from_library_id = :library)
            GROUP BY from_library_id, to_library_id
            ORDER BY from_library_id, to_library_id
            """,
            None,
        ),
        Aggregation(
            "collection_never_lent",
            "Per library: copies in the collection (as exported) and how many were "
            "not lent (anywhere) in the period.",
            PERIOD,
            """
            SELECT c.library AS library, COUNT(*) AS items,
                   SUM(CASE WHEN lent.item_id IS NULL THEN 1 ELSE 0 END) AS never_lent
            FROM collection AS c
            LEFT JOIN (SELECT DISTINCT item_id FROM circulation
                       WHERE kind = 'checkout' AND item_id IS NOT NULL
                         AND month BETWEEN :month_from AND :month_to) AS lent
              ON lent.item_id = c.item_id
            WHERE :library IS NULL OR c.library = :library
            GROUP BY c.library
            ORDER BY c.library
            """,
            None,
        ),
        Aggregation(
            "loans_by_clc_windows",
            "Loans per CLC top class in three windows of days (current, previous, the "
            "same a year earlier); readers = distinct borrowers in the current window.",
            (*PERIOD, *WINDOWS),
            f"""
            SELECT clc_top, {WINDOW_COLUMNS}
            FROM circulation
            WHERE {IN_WINDOWS}
            GROUP BY clc_top
            ORDER BY clc_top
            """,
            "readers",
        ),
        Aggregation(
            "record_loans_windows",
            "Loans per record in the same three windows; readers = distinct borrowers "
            "of the record in the current window.",
            (*PERIOD, *WINDOWS),
            f"""
            SELECT record_id, {WINDOW_COLUMNS}
            FROM circulation
            WHERE record_id IS NOT NULL AND {IN_WINDOWS}
            GROUP BY record_id
            ORDER BY record_id
            """,
            "readers",
        ),
        # --- O2O orders (the o2o app's dataset, analytics.registry) -----------------
        Aggregation(
            "o2o_orders_by_month_channel",
            "O2O orders that ended, per month placed and channel (till: 悦读 loans at "
            "a bookstore's till, store: 悦购 store orders, delivery: 悦借 parcels): "
            "completed, cancelled, failed, and distinct readers. With a library: the "
            "orders that belong to it.",
            PERIOD,
            f"""
            SELECT month, channel, COUNT(*) AS orders,
                   SUM(CASE WHEN state = 'completed' THEN 1 ELSE 0 END) AS completed,
                   SUM(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
                   SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM o2o_orders
            WHERE {IN_PERIOD}
            GROUP BY month, channel
            ORDER BY month, channel
            """,
            "readers",
        ),
        Aggregation(
            "o2o_orders_by_month_library_channel",
            "The same per library the orders belong to (each library's own figure).",
            PERIOD,
            f"""
            SELECT month, library, channel, COUNT(*) AS orders,
                   SUM(CASE WHEN state = 'completed' THEN 1 ELSE 0 END) AS completed,
                   SUM(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
                   SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed,
                   COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
            FROM o2o_orders
            WHERE {IN_PERIOD}
            GROUP BY month, library, channel
            ORDER BY month, library, channel
            """,
            "readers",
        ),
    )
}


@cache
def _parse(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="duckdb")


def aggregation_get(name: str) -> Aggregation:
    try:
        return AGGREGATIONS[name]
    except KeyError:
        raise AggregationNotFoundError() from None


def parameters_parse(aggregation: Aggregation, raw: dict[str, str]) -> dict[str, Any]:
    """Checked, typed values for every parameter (defaults for those not given)."""
    known = {p.name: p for p in aggregation.params}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise _refused(unknown[0])
    values: dict[str, Any] = {}
    for param in aggregation.params:
        value = raw.get(param.name)
        if value is None or value == "":
            values[param.name] = param.default
        elif param.kind == "month":
            if not isinstance(value, str) or not MONTH.match(value):
                raise _refused(param.name)
            values[param.name] = value
        elif param.kind == "date":
            try:
                values[param.name] = dt.date.fromisoformat(value).isoformat()
            except (TypeError, ValueError):
                raise _refused(param.name) from None
        else:
            if isinstance(value, str) and not re.fullmatch(r"\d{1,18}", value):
                raise _refused(param.name)
            values[param.name] = int(value)
    return values


def _refused(name: str) -> AggregationParameterError:
    return AggregationParameterError(_("统计参数 %(name)s 有误。") % {"name": name}, field=name)


def _literal(value: Any) -> exp.Expression:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def statement(aggregation: Aggregation, values: dict[str, Any], *, dialect: str) -> str:
    """The aggregation's SQL with its parameter values, for `dialect` (duckdb, spark)."""

    def bind(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder):
            return _literal(values[node.name])
        return node

    return aggregation.parsed().copy().transform(bind).sql(dialect=dialect)
