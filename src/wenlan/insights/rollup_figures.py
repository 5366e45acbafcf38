"""The dashboard's circulation figures read from the export's rollups
(analytics.rollups) rather than the log: the same rows as the aggregations they
replace (insights/tests/test_rollups.py checks that, figure by figure, on
generated data), from a few small tables instead of every log entry. Distinct
readers come from rollups that keep one row per reader, so they are counted
exactly, never added up. The network's view reads the rollups without the
library where the figure does not group by library."""

from wenlan.analytics.aggregations import IN_PERIOD, PERIOD, Aggregation

IN_MONTHS = "month BETWEEN :month_from AND :month_to"


def _loans_by(column: str, table: str, where: str, distinct: str) -> str:
    return f"""
        SELECT {column}, CAST(SUM(loans) AS BIGINT) AS loans,
               COUNT(DISTINCT {distinct}) AS readers
        FROM {table}
        WHERE {where}
        GROUP BY {column}
        ORDER BY {column}
        """


def _new_readers(table: str, library_filter: str) -> str:
    return f"""
        SELECT first_month AS month, COUNT(*) AS readers
        FROM (SELECT reader, MIN(month) AS first_month
              FROM {table}
              WHERE reader IS NOT NULL{library_filter}
              GROUP BY reader) AS firsts
        WHERE first_month BETWEEN :month_from AND :month_to
        GROUP BY first_month
        ORDER BY first_month
        """


def _age_bands(table: str, where: str) -> str:
    """Loans per age band; a rollup written before the column has none: unknown."""
    return f"""
        SELECT COALESCE(age_band, 'unknown') AS age_band, CAST(SUM(loans) AS BIGINT) AS loans,
               COUNT(DISTINCT reader) AS readers
        FROM {table}
        WHERE loans > 0 AND {where}
        GROUP BY 1
        ORDER BY 1
        """


ANY_READER = "reader"  # null for readers who refused analytics: not counted
BOTH = {
    "by_day": f"""
        SELECT local_date, library, CAST(SUM(loans) AS BIGINT) AS loans,
               CAST(SUM(returns) AS BIGINT) AS returns, CAST(SUM(readers) AS BIGINT) AS readers
        FROM rollup_days
        WHERE {IN_PERIOD}
        GROUP BY local_date, library
        ORDER BY local_date, library
        """,
    "hour_of_week": f"""
        SELECT library, weekday, hour, CAST(SUM(loans) AS BIGINT) AS loans,
               COUNT(DISTINCT {ANY_READER}) AS readers
        FROM rollup_hours
        WHERE {IN_PERIOD}
        GROUP BY library, weekday, hour
        ORDER BY library, weekday, hour
        """,
    "never_lent": f"""
        SELECT c.library AS library, COUNT(*) AS items,
               SUM(CASE WHEN lent.item_id IS NULL THEN 1 ELSE 0 END) AS never_lent
        FROM collection AS c
        LEFT JOIN (SELECT DISTINCT item_id FROM rollup_items WHERE {IN_MONTHS}) AS lent
          ON lent.item_id = c.item_id
        WHERE :library IS NULL OR c.library = :library
        GROUP BY c.library
        ORDER BY c.library
        """,
}
NETWORK = {
    **BOTH,
    "active_network": f"""
        SELECT month, COUNT(DISTINCT reader) AS readers
        FROM rollup_network_readers
        WHERE reader IS NOT NULL AND {IN_MONTHS}
        GROUP BY month
        ORDER BY month
        """,
    "new": _new_readers("rollup_network_readers", ""),
    "category": _loans_by(
        "reader_category", "rollup_network_readers", f"loans > 0 AND {IN_MONTHS}", ANY_READER
    ),
    "age_band": _age_bands("rollup_network_readers", IN_MONTHS),
    "clc": _loans_by("clc_top", "rollup_network_classes", IN_MONTHS, ANY_READER),
    "district": _loans_by(
        "reader_library_id",
        "rollup_network_readers",
        f"loans > 0 AND reader_library_id IS NOT NULL AND {IN_MONTHS}",
        ANY_READER,
    ),
}
LIBRARY = {
    **BOTH,
    "active_library": f"""
        SELECT month, library, COUNT(DISTINCT reader) AS readers,
               CAST(SUM(events) AS BIGINT) AS events
        FROM rollup_readers
        WHERE reader IS NOT NULL AND {IN_PERIOD}
        GROUP BY month, library
        ORDER BY month, library
        """,
    "new": _new_readers("rollup_readers", " AND (:library IS NULL OR library = :library)"),
    "category": _loans_by(
        "reader_category", "rollup_readers", f"loans > 0 AND {IN_PERIOD}", ANY_READER
    ),
    "age_band": _age_bands("rollup_readers", IN_PERIOD),
    "clc": _loans_by("clc_top", "rollup_classes", IN_PERIOD, ANY_READER),
    "district": _loans_by(
        "reader_library_id",
        "rollup_readers",
        f"loans > 0 AND reader_library_id IS NOT NULL AND {IN_PERIOD}",
        ANY_READER,
    ),
}


def _aggregations(view: str, statements: dict[str, str]) -> dict[str, Aggregation]:
    return {
        key: Aggregation(f"{key}__{view}_rollups", f"{key} from the rollups", PERIOD, sql, None)
        for key, sql in statements.items()
    }


ROLLUP_AGGREGATIONS = {
    "network": _aggregations("network", NETWORK),
    "library": _aggregations("library", LIBRARY),
}

# What a view read from the rollups loads: no log entry.
DATASETS = (
    "rollup_days", "rollup_hours", "rollup_readers", "rollup_classes", "rollup_network_readers",
    "rollup_network_classes", "rollup_items", "collection", "holds", "transits",
    "event_attendance", "o2o_orders",
)  # fmt: skip


def requests_from_rollups(requests: dict[str, tuple], *, network: bool) -> dict[str, tuple]:
    """A view's requests (figure key -> (aggregation, parameters)) with those the
    rollups answer read from them."""
    replaced = ROLLUP_AGGREGATIONS["network" if network else "library"]
    return {
        key: (replaced[key], params) if key in replaced else (name, params)
        for key, (name, params) in requests.items()
    }
