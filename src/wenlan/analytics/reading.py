"""How DuckDB reads a dataset's Parquet files (the engine's views and tables, the
rollups' month of the log). Files written before a column was added lack it: each
generation is read on its own (by position, as fast as one read: only the
partitions a filter names are opened), and they are put together by name with an
empty table of the whole schema, so the missing columns are null."""

import pyarrow as pa

from wenlan.analytics.datasets import Dataset
from wenlan.analytics.storage import Store


def duckdb_list(urls: list[str]) -> str:
    return "[" + ", ".join("'" + url.replace("'", "''") + "'" for url in urls) + "]"


def dataset_create(
    connection,
    dataset: Dataset,
    *,
    create: str,
    store: Store,
    files: list[dict],
    hive_types: str,
    schema: pa.Schema,
) -> None:
    """`create` (e.g. "CREATE VIEW circulation") AS a reading of `files`; `schema`:
    the dataset's columns with those of the files' paths."""
    groups = dataset.files_by_columns(files)
    reads = [
        f"SELECT * FROM read_parquet({duckdb_list([store.url(f['path']) for f in group])}, "
        f"hive_partitioning = true, hive_types = {hive_types})"
        for group in groups.values()
    ]
    if list(groups) == [len(dataset.columns)]:  # all written with every column
        connection.execute(f"{create} AS {reads[0]}")
        return
    typed = f"_schema_{dataset.name}"
    connection.register(typed, pa.table({f.name: pa.array([], f.type) for f in schema}))
    connection.execute(
        f"{create} AS SELECT * FROM {typed} UNION ALL BY NAME " + " UNION ALL BY NAME ".join(reads)
    )
    if " VIEW " not in f" {create} ":  # a table is a copy: the empty one is not needed
        connection.unregister(typed)
