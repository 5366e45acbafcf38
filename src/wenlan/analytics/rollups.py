"""Rollups of the circulation dataset, written by the export beside it, so that a
dashboard reads a few small tables rather than every log entry (docs/analytics.md).

A rollup is partitioned by month only (`rollup_days/month=2026-03/part-….parquet`,
the library a column inside, rows in library order) and a month is rebuilt whole
from circulation's files of that month whenever an export adds rows to it, so a
rollup always says what its month's rows say; a dashboard opens about a dozen
files per rollup, not one per month and library.

Counts can be added up across months and libraries; distinct readers cannot (a
reader who borrowed in two months is one reader of the two). The rollups that
distinct-reader figures read keep one row per reader (as a UUID) and per what the figure
groups by, with their counts: exact, and smaller than the log (a reader's loans of
one month, library and class are one row). The network's figures read the
`rollup_network_*` rollups, which leave the library out and so hold far fewer
rows (one per reader and month)."""

import pyarrow as pa
import pyarrow.compute as pc

from wenlan.analytics import policies
from wenlan.analytics.datasets import CIRCULATION, Column, Dataset, PartitionKey
from wenlan.analytics.reading import dataset_create
from wenlan.analytics.storage import DatasetFiles, Store

LIBRARY = Column("library", pa.int64())
# The reader's pseudonym (32 hex digits) as a UUID, null for a reader who refused
# analytics: counting distinct 16-byte values is about twice as fast as strings.
READER = Column("reader", pa.uuid())
LOANS = Column("loans", pa.int64())


def _rollup(name: str, *columns: Column) -> Dataset:
    return Dataset(name, columns)


ROLLUP_DAYS = _rollup(  # per library and day; exact readers (a day is in one month)
    "rollup_days", LIBRARY, Column("local_date", pa.date32()), LOANS,
    Column("returns", pa.int64()), Column("readers", pa.int64()),
)  # fmt: skip
ROLLUP_HOURS = _rollup(  # loans per library, weekday, hour and borrower
    "rollup_hours", LIBRARY, Column("weekday", pa.int8()), Column("hour", pa.int8()), READER,
    LOANS,
)  # fmt: skip
# The borrower's age band: one a month (the age reached in the loan's year), "unknown"
# in files of the log written before the column; older rollups lack it (null).
AGE_BAND = Column("age_band", pa.string(), added_later=True)
ROLLUP_READERS = _rollup(  # per library and reader (as category, home library): loans, entries
    "rollup_readers", LIBRARY, READER, Column("reader_category", pa.string()),
    Column("reader_library_id", pa.int64()), LOANS, Column("events", pa.int64()), AGE_BAND,
)  # fmt: skip
ROLLUP_CLASSES = _rollup(  # loans per library, CLC top class and borrower
    "rollup_classes", LIBRARY, Column("clc_top", pa.string()), READER, LOANS
)
ROLLUP_NETWORK_READERS = _rollup(  # rollup_readers without the library
    "rollup_network_readers", READER, Column("reader_category", pa.string()),
    Column("reader_library_id", pa.int64()), LOANS, Column("events", pa.int64()), AGE_BAND,
)  # fmt: skip
ROLLUP_NETWORK_CLASSES = _rollup(  # rollup_classes without the library
    "rollup_network_classes", Column("clc_top", pa.string()), READER, LOANS
)
ROLLUP_ITEMS = _rollup("rollup_items", Column("item_id", pa.int64()))  # copies lent

# (BIGINT: with lossless Arrow output a SUM's HUGEINT would leave DuckDB as bytes.)
_CHECKOUTS = "CAST(SUM(CASE WHEN kind = 'checkout' THEN 1 ELSE 0 END) AS BIGINT)"
_READER = "CAST(NULLIF(reader_pseudonym, '') AS UUID)"
_AGE_BAND = "COALESCE(age_band, 'unknown')"
# Each rollup's statement over `circulation` (of the months being rebuilt).
STATEMENTS = {
    ROLLUP_DAYS.name: f"""
        SELECT month, library, local_date, {_CHECKOUTS} AS loans,
               CAST(SUM(CASE WHEN kind = 'checkin' THEN 1 ELSE 0 END) AS BIGINT) AS returns,
               COUNT(DISTINCT CASE WHEN kind = 'checkout' AND reader_pseudonym <> ''
                                   THEN reader_pseudonym END) AS readers
        FROM circulation WHERE kind IN ('checkout', 'checkin')
        GROUP BY month, library, local_date
        ORDER BY month, library, local_date""",
    ROLLUP_HOURS.name: f"""
        SELECT month, library, weekday, hour, {_READER} AS reader, COUNT(*) AS loans
        FROM circulation WHERE kind = 'checkout'
        GROUP BY ALL
        ORDER BY month, library""",
    ROLLUP_READERS.name: f"""
        SELECT month, library, {_READER} AS reader, reader_category, reader_library_id,
               {_CHECKOUTS} AS loans, COUNT(*) AS events, {_AGE_BAND} AS age_band
        FROM circulation
        GROUP BY ALL
        ORDER BY month, library""",
    ROLLUP_CLASSES.name: f"""
        SELECT month, library, clc_top, {_READER} AS reader, COUNT(*) AS loans
        FROM circulation WHERE kind = 'checkout'
        GROUP BY ALL
        ORDER BY month, library""",
    ROLLUP_NETWORK_READERS.name: f"""
        SELECT month, {_READER} AS reader, reader_category, reader_library_id,
               {_CHECKOUTS} AS loans, COUNT(*) AS events, {_AGE_BAND} AS age_band
        FROM circulation
        GROUP BY ALL
        ORDER BY month""",
    ROLLUP_NETWORK_CLASSES.name: f"""
        SELECT month, clc_top, {_READER} AS reader, COUNT(*) AS loans
        FROM circulation WHERE kind = 'checkout'
        GROUP BY ALL
        ORDER BY month""",
    ROLLUP_ITEMS.name: """
        SELECT DISTINCT month, item_id
        FROM circulation WHERE kind = 'checkout' AND item_id IS NOT NULL
        ORDER BY month""",
}

ROLLUPS: dict[str, Dataset] = {
    d.name: d
    for d in (
        ROLLUP_DAYS,
        ROLLUP_HOURS,
        ROLLUP_READERS,
        ROLLUP_CLASSES,
        ROLLUP_NETWORK_READERS,
        ROLLUP_NETWORK_CLASSES,
        ROLLUP_ITEMS,
    )  # fmt: skip
}


def month_dir(name: str, month: str) -> str:
    return f"{name}/month={month}"


def _month_of(path: str) -> str:
    return path.split("/month=", 1)[1].split("/", 1)[0]


def rollups_refresh(
    store: Store,
    states: dict[str, DatasetFiles],
    *,
    touched: set[PartitionKey],
    export_id: str,
) -> int:
    """Rebuild every rollup's months among `touched` (the circulation partitions
    rows were added to) from circulation's files of those months in `states`, under
    `export_id`; `states` gets each rollup's file list with the rebuilt months' old
    files replaced. Returns the number of files written."""
    import duckdb  # the engine that reads the export writes its rollups too

    for name in ROLLUPS:
        states.setdefault(name, DatasetFiles())
    months = {month for month, _library in touched}
    if not months:
        return 0
    written = 0
    new: dict[str, list[dict]] = {name: [] for name in ROLLUPS}
    connection = duckdb.connect()
    connection.execute("SET arrow_lossless_conversion = true")  # UUIDs stay UUIDs
    try:
        for month in sorted(months):  # a month at a time: memory bounded by a month's log
            files = [f for f in states[CIRCULATION.name].files if _month_of(f["path"]) == month]
            if not files:
                continue
            dataset_create(
                connection, CIRCULATION, create="CREATE OR REPLACE TABLE circulation",
                store=store, files=files, hive_types="{'month': VARCHAR, 'library': BIGINT}",
                schema=CIRCULATION.schema_with_partitions,
            )  # fmt: skip
            for name, dataset in ROLLUPS.items():
                table = connection.sql(STATEMENTS[name]).to_arrow_table()
                new[name] += _write(store, dataset, table, export_id=export_id)
    finally:
        connection.close()
    for name in ROLLUPS:
        kept = [f for f in states[name].files if _month_of(f["path"]) not in months]
        states[name] = DatasetFiles(files=kept + new[name], watermark={})
        written += len(new[name])
    return written


def _write(store: Store, dataset: Dataset, table: pa.Table, *, export_id: str) -> list[dict]:
    """One file per month of `table` (sorted by month), in `dataset`'s schema."""
    out = []
    months = pc.unique(table["month"]).to_pylist()
    for n, month in enumerate(sorted(months), start=1):
        part = table.filter(pc.equal(table["month"], month))
        part = part.select([c.name for c in dataset.columns]).cast(dataset.schema)
        relative = f"{month_dir(dataset.name, month)}/" + policies.part_file_name(
            export_id=export_id, n=n
        )
        writer = store.writer(relative, dataset.schema)
        writer.write_table(part, row_group_size=122_880)
        writer.close()
        out.append({"path": relative, "rows": part.num_rows})
    return out
