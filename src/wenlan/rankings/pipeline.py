"""The ranking, defined ONCE as SQL in DuckDB's dialect over three views — `loans`
(the current loans parts), `sales` (the current sales parts) and `works` — and run
on DuckDB, or transpiled by sqlglot and run on Spark (the analytics engines). The
score is a weighted sum of five terms, each kept in the output so that a candidate's
page can show why it ranks where it does (docs/rankings-feeds.md, "The score")."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa
import sqlglot
from sqlglot import exp

from wenlan.analytics.engines import spark_session
from wenlan.analytics.errors import EngineUnavailableError
from wenlan.rankings.policies import Period, month_index, period_previous

ENGINES = ("duckdb", "spark")

# Per work and library over the period: loans, readers, the library's province
# number, and the totals the cap and the size normalisation need (the library's
# loans of all works, the work's loans in all libraries). For a year it is built
# once at load time (`rollup_write`, the yearly rollup) and read instead.
CURRENT_LOANS_SQL = """
WITH per_library AS (
    SELECT work_id, library_id, MAX(province_number) AS province_number,
           SUM(loans) AS loans, SUM(readers) AS readers
    FROM loans
    WHERE month BETWEEN :first AND :last AND work_id IS NOT NULL
    GROUP BY work_id, library_id
),
library_sums AS (
    SELECT library_id, SUM(loans) AS library_loans FROM per_library GROUP BY library_id
),
work_sums AS (
    SELECT work_id, SUM(loans) AS work_loans FROM per_library GROUP BY work_id
)
SELECT p.work_id, p.library_id, p.province_number, p.loans, p.readers,
       l.library_loans, w.work_loans
FROM per_library AS p
JOIN library_sums AS l ON l.library_id = p.library_id
JOIN work_sums AS w ON w.work_id = p.work_id
"""

RANKING_SQL = """
WITH current_loans AS (
__CURRENT_LOANS__
),
work_totals AS (
    SELECT work_id, MAX(work_loans) AS raw_loans, SUM(readers) AS readers,
           COUNT(*) AS libraries,
           BIT_COUNT(BIT_OR(CASE WHEN province_number >= 0
                                 THEN CAST(1 AS BIGINT) << province_number
                                 ELSE CAST(0 AS BIGINT) END)) AS provinces,
           SUM(LEAST(CAST(loans AS DOUBLE), :cap * work_loans)) AS counted_loans,
           SUM(LEAST(CAST(loans AS DOUBLE), :cap * work_loans) * 1000
               / CAST(library_loans AS DOUBLE)) AS loans_per_mille
    FROM current_loans
    GROUP BY work_id
    HAVING SUM(readers) >= :min_readers AND COUNT(*) >= :min_libraries
),
previous_loans AS (
    SELECT work_id, SUM(loans) AS loans
    FROM loans
    WHERE month BETWEEN :previous_first AND :previous_last AND work_id IS NOT NULL
    GROUP BY work_id
),
sold AS (
    SELECT work_id, SUM(units) AS units
    FROM sales
    WHERE month BETWEEN :first AND :last AND work_id IS NOT NULL
    GROUP BY work_id
),
sales_ranks AS (
    SELECT work_id, units, RANK() OVER (ORDER BY units DESC) AS sales_rank FROM sold
),
terms AS (
    SELECT t.work_id, w.category, t.raw_loans, t.counted_loans, t.readers,
           t.libraries, t.provinces, COALESCE(p.loans, 0) AS previous_loans,
           s.sales_rank, w.published_index,
           LN(1 + t.loans_per_mille) AS t_loans,
           LN(1 + t.libraries) + LN(1 + t.provinces) AS t_breadth,
           LEAST(CAST(3 AS DOUBLE), GREATEST(CAST(-1 AS DOUBLE),
               (t.raw_loans - COALESCE(p.loans, 0)) / CAST(COALESCE(p.loans, 0) + 10 AS DOUBLE)))
               AS t_growth,
           CASE WHEN s.sales_rank IS NULL THEN CAST(0 AS DOUBLE)
                ELSE 10 / CAST(9 + s.sales_rank AS DOUBLE) END
               AS t_sales,
           CASE WHEN w.published_index IS NULL THEN CAST(0 AS DOUBLE)
                ELSE LEAST(CAST(1 AS DOUBLE), GREATEST(CAST(0 AS DOUBLE),
                    1 - (:period_index - w.published_index) / CAST(24 AS DOUBLE))) END
               AS t_recency
    FROM work_totals AS t
    JOIN works AS w ON w.work_id = t.work_id
    LEFT JOIN previous_loans AS p ON p.work_id = t.work_id
    LEFT JOIN sales_ranks AS s ON s.work_id = t.work_id
),
scored AS (
    SELECT *, :w_loans * t_loans + :w_breadth * t_breadth + :w_growth * t_growth
           + :w_sales * t_sales + :w_recency * t_recency AS score
    FROM terms
),
listed AS (
    SELECT 'all' AS list, * FROM scored
    UNION ALL
    SELECT category AS list, * FROM scored WHERE category <> ''
),
ranked AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY list ORDER BY score DESC, work_id) AS rank
    FROM listed
)
SELECT list, rank, work_id, score, counted_loans, raw_loans, readers, libraries, provinces,
       previous_loans, sales_rank, published_index,
       t_loans, t_breadth, t_growth, t_sales, t_recency
FROM ranked
WHERE rank <= :top AND (:category = 'all' OR list = :category)
ORDER BY list, rank
"""

RANKING_SQL = RANKING_SQL.replace("__CURRENT_LOANS__", CURRENT_LOANS_SQL)

LOANS_SCHEMA = pa.schema(
    [
        ("month", pa.string()),
        ("library_id", pa.int64()),
        ("province_number", pa.int64()),
        ("isbn", pa.string()),
        ("work_id", pa.int64()),
        ("loans", pa.int64()),
        ("readers", pa.int64()),
    ]
)
SALES_SCHEMA = pa.schema(
    [
        ("month", pa.string()),
        ("source_code", pa.string()),
        ("isbn", pa.string()),
        ("work_id", pa.int64()),
        ("units", pa.int64()),
        ("channel", pa.string()),
    ]
)
CURRENT_LOANS_SCHEMA = pa.schema(
    [
        (name, pa.int64())
        for name in (
            "work_id",
            "library_id",
            "province_number",
            "loans",
            "readers",
            "library_loans",
            "work_loans",
        )
    ]
)
WORKS_SCHEMA = pa.schema(
    [("work_id", pa.int64()), ("category", pa.string()), ("published_index", pa.int64())]
)


@dataclass(frozen=True)
class Inputs:
    """What the statement reads: Parquet files (only those of the months it needs:
    the others are never opened) and the works as an Arrow table or Parquet files."""

    loans_files: list[str]
    sales_files: list[str]
    works: pa.Table | list[str]
    # The period's current_loans built at load (a yearly rollup): read instead of
    # computing it from `loans_files`, which then need only the previous period's.
    current_loans_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    min_readers: int
    min_libraries: int
    cap: float
    weights: dict[str, float]
    top: int
    category: str = "all"


@cache
def _parsed(rolled_up: bool) -> exp.Expression:
    """The statement; with `rolled_up`, without its first step (current_loans), which
    the engine then reads as a view over the rollup's files."""
    tree = sqlglot.parse_one(RANKING_SQL, read="duckdb")
    if rolled_up:
        with_ = tree.args.get("with_") or tree.args.get("with")
        with_.expressions[0].pop()
    return tree


def _literal(value: Any) -> exp.Expression:
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, float):
        # A double on both engines (Spark reads a bare 0.3 as a DECIMAL).
        return exp.cast(exp.Literal.number(repr(value)), "DOUBLE")
    if isinstance(value, int):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def parameters(period: Period, settings: Settings) -> dict[str, Any]:
    previous = period_previous(period)
    values: dict[str, Any] = {
        "first": period.first,
        "last": period.last,
        "previous_first": previous.first,
        "previous_last": previous.last,
        "period_index": month_index(period.last),
        "min_readers": settings.min_readers,
        "min_libraries": settings.min_libraries,
        "cap": float(settings.cap),
        "top": settings.top,
        "category": settings.category,
    }
    values.update({f"w_{name}": float(weight) for name, weight in settings.weights.items()})
    return values


def _bound(tree: exp.Expression, values: dict[str, Any], dialect: str) -> str:
    def bind(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder):
            return _literal(values[node.name])
        return node

    return tree.copy().transform(bind).sql(dialect=dialect)


def statement(values: dict[str, Any], *, dialect: str, rolled_up: bool = False) -> str:
    return _bound(_parsed(rolled_up), values, dialect)


def current_loans_statement(values: dict[str, Any], *, dialect: str = "duckdb") -> str:
    return _bound(sqlglot.parse_one(CURRENT_LOANS_SQL, read="duckdb"), values, dialect)


def rollup_write(*, loans_files: list[str], period: Period, target: str) -> int:
    """Build the period's current_loans once (at load time, with DuckDB) as a
    Parquet file; returns its rows. (Sorting it by work made building it twice as
    slow and reading it no faster: bench/rankings.py.)"""
    sql = current_loans_statement({"first": period.first, "last": period.last})
    connection = duckdb.connect()
    try:
        _view(connection, "loans", loans_files, LOANS_SCHEMA)
        connection.execute(
            f"COPY ({sql}) TO '{_quote(target)}' "
            "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)"
        )
        return connection.execute(
            f"SELECT COUNT(*) FROM read_parquet('{_quote(target)}')"
        ).fetchone()[0]
    finally:
        connection.close()


def _quote(path: str) -> str:
    return path.replace("'", "''")


def _view(connection, name: str, given, schema: pa.Schema) -> None:
    if isinstance(given, pa.Table):
        connection.register(name, given)
    elif given:
        columns = ", ".join(schema.names)
        connection.execute(
            f"CREATE VIEW {name} AS SELECT {columns} FROM read_parquet({_sql_list(list(given))})"
        )
    else:
        connection.register(name, schema.empty_table())


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _duckdb_run(inputs: Inputs, sql: str, threads: int | None) -> list[dict]:
    connection = duckdb.connect()
    try:
        if threads:
            connection.execute(f"SET threads = {int(threads)}")
        _view(connection, "loans", inputs.loans_files, LOANS_SCHEMA)
        _view(connection, "sales", inputs.sales_files, SALES_SCHEMA)
        _view(connection, "works", inputs.works, WORKS_SCHEMA)
        if inputs.current_loans_files:
            _view(connection, "current_loans", inputs.current_loans_files, CURRENT_LOANS_SCHEMA)
        cursor = connection.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        connection.close()


def _spark_run(inputs: Inputs, sql: str, session=None) -> list[dict]:
    from pyspark.sql.pandas.types import from_arrow_schema

    own = session is None
    session = session or spark_session()
    try:
        for name, given, schema in (
            ("loans", inputs.loans_files, LOANS_SCHEMA),
            ("sales", inputs.sales_files, SALES_SCHEMA),
            ("works", inputs.works, WORKS_SCHEMA),
            ("current_loans", list(inputs.current_loans_files), CURRENT_LOANS_SCHEMA),
        ):
            if name == "current_loans" and not given:
                continue
            spark_schema = from_arrow_schema(schema)
            if isinstance(given, pa.Table):
                frame = session.createDataFrame(given.to_pylist(), spark_schema)
            elif given:
                frame = session.read.schema(spark_schema).parquet(*given)
            else:
                frame = session.createDataFrame([], spark_schema)
            frame.createOrReplaceTempView(name)
        return [row.asDict() for row in session.sql(sql).collect()]
    finally:
        if own:
            session.stop()


def ranking_query(
    *,
    inputs: Inputs,
    period: Period,
    settings: Settings,
    engine: str = "duckdb",
    threads: int | None = None,
    spark=None,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[dict], float]:
    """The ranked rows (every category, or one) and the seconds the engine took."""
    if engine not in ENGINES:
        raise EngineUnavailableError()
    sql = statement(
        parameters(period, settings),
        dialect=engine,
        rolled_up=bool(inputs.current_loans_files),
    )
    if progress:
        progress(
            f"{engine}: {len(inputs.loans_files)} loans files, "
            f"{len(inputs.sales_files)} sales files"
        )
    started = time.monotonic()
    if engine == "duckdb":
        rows = _duckdb_run(inputs, sql, threads)
    else:
        rows = _spark_run(inputs, sql, spark)
    return [_plain(r) for r in rows], time.monotonic() - started


def _plain(row: dict) -> dict:
    """Engine-neutral values (Spark's Decimal and numpy ints become float and int)."""
    out = {}
    for key, value in row.items():
        if value is None or isinstance(value, str):
            out[key] = value
        elif key in (
            "rank",
            "work_id",
            "raw_loans",
            "readers",
            "libraries",
            "provinces",
            "previous_loans",
            "sales_rank",
            "published_index",
        ):
            out[key] = int(value)
        else:
            out[key] = round(float(value), 6)
    return out
