"""What the training reads from the analytics export (pseudonymous): each reader's
loans per title, their reading profile, the events they attended. DuckDB by
default; `engine="spark"` runs the same SQL on Spark (and the ALS fit on Spark
MLlib, `spark_als_fit`)."""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import scipy.sparse as sp
from django.conf import settings

from wenlan.analytics import engines
from wenlan.analytics.storage import Store
from wenlan.recommendations import engine as recs_engine
from wenlan.recommendations.policies import ReadingProfile

LOANS_SQL = """
SELECT reader_pseudonym AS p, record_id AS r, COUNT(*) AS n
FROM circulation
WHERE kind = 'checkout' AND reader_pseudonym <> '' AND record_id IS NOT NULL
GROUP BY reader_pseudonym, record_id
"""
PROFILE_SQL = """
SELECT reader_pseudonym AS p, local_date AS d, clc_top AS c, weekday AS w, hour AS h,
       COALESCE(library_id, 0) AS l, reader_category AS cat, record_id AS r
FROM circulation
WHERE kind = 'checkout' AND reader_pseudonym <> ''
"""
ATTENDANCE_SQL = """
SELECT reader_pseudonym AS p, event_id AS e, COALESCE(library_id, 0) AS l
FROM event_attendance
WHERE reader_pseudonym <> '' AND attended
"""


@dataclass
class ExportLoans:
    export_id: str | None
    pseudonyms: list[str]  # the matrix's rows
    record_ids: np.ndarray  # the matrix's columns
    matrix: sp.csr_matrix  # 1 where the reader borrowed the title
    profiles: dict[str, ReadingProfile] = field(default_factory=dict)
    attended: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # (event, library)


def _table(opened, sql: str) -> pa.Table:
    if opened.name == "duckdb":
        return opened.connection.sql(sql).to_arrow_table()
    rows = [row.asDict() for row in opened.session.sql(sql).collect()]
    return pa.Table.from_pylist(rows) if rows else pa.table({})


def _column(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist() if name in table.column_names else []


def export_loans_read(
    *,
    engine: str = "duckdb",
    store: Store | None = None,
    foreign_records: set[int] | None = None,
    spark_session=None,
) -> ExportLoans:
    """The export's checkouts as a readers × titles matrix, with every reader's
    profile (for segments) and attendance (for events)."""
    store = store or Store(settings.WENLAN_ANALYTICS_URI)
    manifest = store.current_manifest()
    foreign_records = foreign_records or set()
    with engines.engine_open(
        engine, store=store, manifest=manifest, spark_session=spark_session
    ) as opened:
        loans = _table(opened, LOANS_SQL)
        profile_rows = _table(opened, PROFILE_SQL)
        attendance = _table(opened, ATTENDANCE_SQL)
    readers = _column(loans, "p")
    records = _column(loans, "r")
    pseudonyms, rows = np.unique(np.asarray(readers, dtype=object), return_inverse=True)
    record_ids, cols = np.unique(np.asarray(records, dtype=np.int64), return_inverse=True)
    matrix = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(pseudonyms), len(record_ids)),
    )
    profiles: dict[str, ReadingProfile] = {}
    columns = [_column(profile_rows, n) for n in ("p", "d", "c", "w", "h", "l", "cat", "r")]
    for p, day, clc, weekday, hour, library, category, record in zip(*columns, strict=True):
        profile = profiles.setdefault(p, ReadingProfile())
        profile.add(
            day=day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)),
            clc_top=clc or "",
            foreign=record in foreign_records,
            weekday=int(weekday or 0),
            hour=int(hour or 0),
            library=int(library or 0),
        )
        profile.category = category or profile.category
    attended: dict[str, list[tuple[int, int]]] = {}
    for p, event, library in zip(
        _column(attendance, "p"), _column(attendance, "e"), _column(attendance, "l"), strict=True
    ):
        attended.setdefault(p, []).append((int(event), int(library or 0)))
    return ExportLoans(
        export_id=manifest.export_id if manifest else None,
        pseudonyms=[str(p) for p in pseudonyms],
        record_ids=record_ids,
        matrix=matrix,
        profiles=profiles,
        attended=attended,
    )


def spark_als_fit(
    matrix: sp.csr_matrix, params: recs_engine.AlsParams, *, spark_session=None
) -> recs_engine.FittedModel:
    """The same fit on Spark MLlib's ALS (implicit preferences), from the same
    BM25-weighted matrix; its factors come back as numpy arrays, so the lists are
    made by the same code as implicit's."""
    import time

    from pyspark.ml.recommendation import ALS

    started = time.monotonic()
    session = spark_session or engines.spark_session()
    weighted = recs_engine.bm25_weighted(matrix, params).tocoo()
    frame = session.createDataFrame(
        [
            (int(u), int(i), float(w))
            for u, i, w in zip(weighted.row, weighted.col, weighted.data, strict=True)
        ],
        ["user", "item", "rating"],
    )
    als = ALS(
        rank=params.factors,
        maxIter=params.iterations,
        # MLlib scales the penalty by each row's count (ALS-WR): 0.1 is its usual value.
        regParam=0.1,
        alpha=params.alpha,
        implicitPrefs=True,
        userCol="user",
        itemCol="item",
        ratingCol="rating",
        seed=params.random_state,
        coldStartStrategy="drop",
    )
    model = als.fit(frame)
    users = np.zeros((matrix.shape[0], params.factors), dtype=np.float32)
    for row in model.userFactors.collect():
        users[row["id"]] = row["features"]
    items = np.zeros((matrix.shape[1], params.factors), dtype=np.float32)
    for row in model.itemFactors.collect():
        items[row["id"]] = row["features"]
    if spark_session is None:
        session.stop()
    return recs_engine.FittedModel(
        user_factors=users, item_factors=items, seconds=time.monotonic() - started
    )
