"""Run an aggregation over the current export: on DuckDB (the default: views over
the manifest's files with `read_parquet([...], hive_partitioning = true)`) or on
Spark in local mode (the same statement transpiled by sqlglot, temporary views over
the same files). Both return the rows as dicts, in the statement's order."""

import contextlib
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from django.conf import settings

from wenlan.analytics import aggregations
from wenlan.analytics.datasets import Dataset
from wenlan.analytics.errors import EngineUnavailableError, JavaMissingError
from wenlan.analytics.reading import dataset_create
from wenlan.analytics.registry import datasets_all
from wenlan.analytics.rollups import ROLLUPS
from wenlan.analytics.storage import Manifest, Store
from wenlan.core.cache import process_cached

ENGINES = ("duckdb", "spark")


@dataclass(frozen=True)
class QueryResult:
    aggregation: str
    engine: str
    export_id: str | None
    params: dict[str, Any]
    rows: list[dict[str, Any]]
    seconds: float


def _month_of_path(path: str) -> str:
    """The month partition of a file's path (`…/month=2026-03/…`); "" without one."""
    for part in path.split("/"):
        if part.startswith("month="):
            return part[len("month=") :]
    return ""


def _hive_types(name: str) -> str:
    """The partition columns in a file's path: a rollup's month (its library is a
    column inside), a dataset's month and library."""
    if name in ROLLUPS:
        return "{'month': VARCHAR}"
    return "{'month': VARCHAR, 'library': BIGINT}"


def _columns(dataset) -> pa.Schema:
    if dataset.name in ROLLUPS:
        return dataset.schema.append(pa.field("month", pa.string()))
    return dataset.schema_with_partitions


class DuckDBEngine:
    name = "duckdb"

    def __init__(
        self,
        store: Store,
        manifest: Manifest | None,
        *,
        load_until: str | None = None,
        only: tuple[str, ...] | None = None,
    ):
        """`load_until` (a month): the datasets' files up to that month are read once
        into memory tables rather than read by every statement (many statements over
        the same small files: a dashboard); later months are left out. `only`: just
        these datasets (a dashboard read from the rollups needs no log entry)."""
        self.connection = duckdb.connect()
        for dataset in datasets_all().values():
            if only is not None and dataset.name not in only:
                continue
            files = manifest.dataset(dataset.name).files if manifest else []
            if load_until is not None and dataset.timed:
                files = [f for f in files if _month_of_path(f["path"]) <= load_until]
            if files:
                kind = "VIEW" if load_until is None else "TABLE"
                self._dataset_create(dataset, kind=kind, store=store, files=files)
            else:
                empty = pa.table({f.name: pa.array([], f.type) for f in _columns(dataset)})
                if load_until is None:
                    self.connection.register(dataset.name, empty)
                else:  # a table, seen by the cursors too (a registered one is not)
                    self.connection.register("_empty", empty)
                    self.connection.execute(f"CREATE TABLE {dataset.name} AS FROM _empty")
                    self.connection.unregister("_empty")

    def _dataset_create(
        self, dataset: Dataset, *, kind: str, store: Store, files: list[dict]
    ) -> None:
        dataset_create(
            self.connection, dataset, create=f"CREATE {kind} {dataset.name}", store=store,
            files=files, hive_types=_hive_types(dataset.name), schema=_columns(dataset),
        )  # fmt: skip

    def cursor(self) -> "DuckDBEngine":
        """The same tables through a cursor of its own (one per thread using them)."""
        cursor = DuckDBEngine.__new__(DuckDBEngine)
        cursor.connection = self.connection.cursor()
        return cursor

    def run(self, sql: str) -> list[dict[str, Any]]:
        cursor = self.connection.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        self.connection.close()


def spark_session():
    """A Spark session in local mode (WENLAN_ANALYTICS_SPARK_MASTER). Spark needs
    Java 17: without it, a clear error rather than a stack trace.

    PySpark puts in its own Ctrl-C handler (cancel the jobs) and leaves it after
    `stop()`, where it fails; the process's own is put back, so Ctrl-C interrupts
    as anywhere else and the caller's `finally` stops the session."""
    if shutil.which("java") is None:
        raise JavaMissingError()
    from pyspark.sql import SparkSession

    main_thread = threading.current_thread() is threading.main_thread()
    handler = signal.getsignal(signal.SIGINT) if main_thread else None
    session = (
        SparkSession.builder.master(settings.WENLAN_ANALYTICS_SPARK_MASTER)
        .appName("wenlan-analytics")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        # month=2026-03 stays a string (the schema given to the reader says so too).
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    if main_thread and handler is not None:
        signal.signal(signal.SIGINT, handler)
    return session


class SparkEngine:
    name = "spark"

    def __init__(self, store: Store, manifest: Manifest | None, session=None):
        from pyspark.sql.pandas.types import from_arrow_schema

        self.session = session or spark_session()
        self.own_session = session is None
        for dataset in datasets_all().values():
            if dataset.name in ROLLUPS:  # the dashboards' (DuckDB), not the aggregations'
                continue
            files = manifest.dataset(dataset.name).files if manifest else []
            # The schema is known, partition columns included: Spark need not read
            # the files' footers (a job) to infer it, nor guess the partitions' types.
            schema = from_arrow_schema(dataset.schema_with_partitions)
            if files:
                frame = (
                    self.session.read.schema(schema)
                    .option("basePath", store.url(dataset.name))
                    .parquet(*[store.url(f["path"]) for f in files])
                )
            else:
                frame = self.session.createDataFrame([], schema)
            frame.createOrReplaceTempView(dataset.name)

    def run(self, sql: str) -> list[dict[str, Any]]:
        return [row.asDict() for row in self.session.sql(sql).collect()]

    def close(self) -> None:
        if self.own_session:
            self.session.stop()


@contextlib.contextmanager
def engine_open(
    engine: str, *, store: Store, manifest: Manifest | None, spark_session=None
) -> Iterator[DuckDBEngine | SparkEngine]:
    if engine == "duckdb":
        opened = DuckDBEngine(store, manifest)
    elif engine == "spark":
        opened = SparkEngine(store, manifest, session=spark_session)
    else:
        raise EngineUnavailableError()
    try:
        yield opened
    finally:
        opened.close()


def aggregation_run(
    name: "str | aggregations.Aggregation",
    *,
    params: dict[str, str] | None = None,
    engine: str = "duckdb",
    store: Store | None = None,
    spark_session=None,
) -> QueryResult:
    """Run an aggregation over the current export on `engine`: one of ours by name,
    or an `Aggregation` defined by the app that reads it (rankings, insights), which
    is bound, transpiled and run in the same way."""
    if isinstance(name, aggregations.Aggregation):
        aggregation = name
    else:
        aggregation = aggregations.aggregation_get(name)
    values = aggregations.parameters_parse(aggregation, params or {})
    store = store or Store(settings.WENLAN_ANALYTICS_URI)
    manifest = store.current_manifest()
    started = time.monotonic()
    with engine_open(engine, store=store, manifest=manifest, spark_session=spark_session) as opened:
        rows = opened.run(aggregations.statement(aggregation, values, dialect=opened.name))
    return QueryResult(
        aggregation=aggregation.name,
        engine=engine,
        export_id=manifest.export_id if manifest else None,
        params=values,
        rows=rows,
        seconds=time.monotonic() - started,
    )


def aggregations_run_many(
    requests: dict[str, "tuple[str | aggregations.Aggregation, dict[str, str]]"],
    *,
    engine: str = "duckdb",
    store: Store | None = None,
    spark_session=None,
    load_until: str | None = None,
    keep_seconds: float = 0,
    load_only: tuple[str, ...] | None = None,
) -> dict[str, QueryResult]:
    """Several aggregations over one opening of the current export (a dashboard's
    figures): `requests` maps a key to (aggregation, parameters); the results come
    back under the same keys. One manifest, one connection, so every figure of a
    page reads the same export. `load_until` (DuckDB): read the files up to that
    month once into memory (see DuckDBEngine), and with `keep_seconds` keep them
    loaded in the process for the next call on the same export; `load_only`: only
    these datasets are opened (DuckDB)."""
    store = store or Store(settings.WENLAN_ANALYTICS_URI)
    manifest = store.current_manifest()
    bound = {}
    for key, (name, params) in requests.items():
        aggregation = (
            name
            if isinstance(name, aggregations.Aggregation)
            else (aggregations.aggregation_get(name))
        )
        bound[key] = (aggregation, aggregations.parameters_parse(aggregation, params or {}))
    results = {}
    if engine == "duckdb" and keep_seconds > 0 and manifest is not None:
        # The loaded tables kept in the process for the next view of the same export
        # (an export never changes; its id is in the key); each use its own cursor.
        kept = process_cached(
            ("analytics.loaded", store.uri, manifest.export_id, load_until, load_only),
            lambda: DuckDBEngine(store, manifest, load_until=load_until, only=load_only),
            ttl=keep_seconds,
        )
        opening = contextlib.closing(kept.cursor())
    elif engine == "duckdb":
        opening = contextlib.closing(
            DuckDBEngine(store, manifest, load_until=load_until, only=load_only)
        )
    else:
        opening = engine_open(engine, store=store, manifest=manifest, spark_session=spark_session)
    with opening as opened:
        for key, (aggregation, values) in bound.items():
            started = time.monotonic()
            rows = opened.run(aggregations.statement(aggregation, values, dialect=opened.name))
            results[key] = QueryResult(
                aggregation=aggregation.name,
                engine=engine,
                export_id=manifest.export_id if manifest else None,
                params=values,
                rows=rows,
                seconds=time.monotonic() - started,
            )
    return results
