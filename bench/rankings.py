"""The yearly ranking, all categories, over 100 million loan-summary rows.

    .venv/bin/python bench/rankings.py [--rows 100000000] [--keep] [--dir DIR]
                                       [--slice 10000000] [--no-spark]

Generates (DuckDB SQL straight to Parquet, no Python loops) `--rows` rows of the
loans feed's Parquet layout — 2,000 libraries with skewed sizes, 1 million works
drawn with a Zipf (1/x) skew, 12 months of 2025, one file per month, each sorted by
work — plus the works table; `--keep` keeps them under DIR for the next run. Then:

(a) the whole pipeline (`wenlan.rankings.pipeline`, the one SQL definition) on
    DuckDB: the yearly ranking of every category, top 100, timed; the load-time
    work (rows already summed per work, library and month, sorted by work) is
    timed at generation and printed too;
(b) the same computation written in pandas on the first `--slice` rows, and the
    per-row ratio DuckDB / pandas;
(c) the pipeline on Spark local mode on the same slice.

The last line is one JSON object."""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenlan.conf.settings")

import django  # noqa: E402
import duckdb  # noqa: E402

django.setup()

from wenlan.rankings import pipeline  # noqa: E402
from wenlan.rankings.policies import period_parse, weights_parse  # noqa: E402

LIBRARIES, WORKS, MONTHS = 2_000, 1_000_000, 12
CATEGORIES = [
    "literature",
    "history_culture",
    "social_science",
    "science_tech",
    "children",
    "life_arts",
    "",
]


def generate(directory: Path, rows: int) -> float:
    """One Parquet file per month, rows summed per (work, library, month) and sorted
    by work, as the loader writes them. Returns the seconds it took."""
    started = time.monotonic()
    directory.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    per_month = rows // MONTHS
    for month in range(1, MONTHS + 1):
        target = directory / f"loans-2025-{month:02d}.parquet"
        # work: 1/x (Zipf s=1) over 1..1e6; library: a power skew over 2,000 (a few
        # large central libraries, many small ones); loans: geometric, readers <= loans.
        con.execute(
            f"""
            COPY (
              SELECT '2025-{month:02d}' AS month,
                     library AS library_id, library % 31 AS province_number,
                     '' AS isbn, work_id, loans,
                     GREATEST(1, loans - CAST(floor(random() * loans / 2) AS BIGINT)) AS readers
              FROM (
                SELECT CAST(floor(pow({WORKS}, random())) AS BIGINT) AS work_id,
                       CAST(floor({LIBRARIES} * pow(random(), 2.2)) AS BIGINT) AS library,
                       CAST(1 + floor(-ln(1 - random()) * 2) AS BIGINT) AS loans
                FROM range({per_month})
              )
              ORDER BY work_id
            ) TO '{target}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
            """
        )
        print(f"generated {target.name}", file=sys.stderr, flush=True)
    con.execute(
        f"""
        COPY (
          SELECT range AS work_id,
                 {CATEGORIES}[(range % 7) + 1] AS category,
                 CAST(2025 * 12 - (range % 60) AS BIGINT) AS published_index
          FROM range(1, {WORKS} + 1)
        ) TO '{directory / "works.parquet"}' (FORMAT parquet)
        """
    )
    con.execute(
        f"""
        COPY (SELECT range AS library_id, 'P' || CAST(range % 31 AS VARCHAR) AS province
              FROM range({LIBRARIES}))
        TO '{directory / "libraries.parquet"}' (FORMAT parquet)
        """
    )
    (directory / "ROWS").write_text(str(rows))
    con.close()
    return time.monotonic() - started


def settings() -> pipeline.Settings:
    return pipeline.Settings(
        min_readers=10,
        min_libraries=3,
        cap=0.2,
        weights=weights_parse("loans=1,breadth=0.5,growth=0.3,sales=0.5,recency=0.2"),
        top=100,
    )


def make_slice(directory: Path, rows: int, total: int) -> list[str]:
    """About `rows` rows drawn evenly from the whole year (a Bernoulli sample)."""
    target = directory / f"slice-{rows}.parquet"
    if not target.exists() or target.stat().st_size == 0:
        con = duckdb.connect()
        files = sorted(str(p) for p in directory.glob("loans-*.parquet"))
        percent = 100.0 * rows / total
        con.execute(
            f"COPY (SELECT * FROM read_parquet({files}) "
            f"USING SAMPLE {percent:.4f} PERCENT (bernoulli, 7)) TO '{target}' (FORMAT parquet)"
        )
        con.close()
    return [str(target)]


def pandas_ranking(files: list[str], works_file: str, s: pipeline.Settings) -> tuple[int, float]:
    """The same definition in pandas (current-period part; no sales, no previous year)."""
    import numpy as np
    import pandas as pd

    started = time.monotonic()
    loans = pd.concat(pd.read_parquet(f) for f in files)
    works = pd.read_parquet(works_file)
    cur = (
        loans.groupby(["work_id", "library_id"], sort=False)
        .agg(
            province=("province_number", "max"),
            loans=("loans", "sum"),
            readers=("readers", "sum"),
        )
        .reset_index()
    )
    lib = cur.groupby("library_id")["loans"].sum().rename("library_loans")
    tot = cur.groupby("work_id").agg(
        raw_loans=("loans", "sum"), readers=("readers", "sum"), libraries=("loans", "size")
    )
    tot = tot[(tot.readers >= s.min_readers) & (tot.libraries >= s.min_libraries)]
    c = cur.merge(tot[["raw_loans"]], left_on="work_id", right_index=True)
    c = c.merge(lib, left_on="library_id", right_index=True)
    c["counted"] = np.minimum(c.loans.astype(float), s.cap * c.raw_loans)
    c["per_mille"] = c.counted * 1000 / c.library_loans
    counted = c.groupby("work_id").agg(
        loans=("counted", "sum"),
        per_mille=("per_mille", "sum"),
        provinces=("province", "nunique"),
    )
    t = tot.join(counted).join(works.set_index("work_id"))
    t["t_loans"] = np.log1p(t.per_mille)
    t["t_breadth"] = np.log1p(t.libraries) + np.log1p(t.provinces)
    t["t_growth"] = np.clip(t.raw_loans / 10.0, -1, 3)
    t["t_recency"] = np.clip(1 - (2025 * 12 + 11 - t.published_index) / 24.0, 0, 1)
    w = s.weights
    t["score"] = (
        w["loans"] * t.t_loans
        + w["breadth"] * t.t_breadth
        + w["growth"] * t.t_growth
        + w["recency"] * t.t_recency
    )
    t = t.reset_index()
    lists = [t.assign(list="all")] + [g.assign(list=k) for k, g in t.groupby("category") if k]
    ranked = pd.concat(lists).sort_values(
        ["list", "score", "work_id"], ascending=[True, False, True]
    )
    top = ranked.groupby("list").head(s.top)
    return len(top), time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--slice", type=int, default=10_000_000)
    parser.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "wenlan-bench-rankings"))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    directory = Path(args.dir)
    marker = directory / "ROWS"
    generated_seconds = None
    if not (marker.exists() and marker.read_text() == str(args.rows)):
        shutil.rmtree(directory, ignore_errors=True)
        generated_seconds = generate(directory, args.rows)
    files = sorted(str(p) for p in directory.glob("loans-*.parquet"))
    works = [str(directory / "works.parquet")]
    period = period_parse("2025")
    s = settings()
    rollup = str(directory / "rollup-2025.parquet")
    started = time.monotonic()
    rollup_rows = pipeline.rollup_write(loans_files=files, period=period, target=rollup)
    rollup_seconds = time.monotonic() - started
    print(f"rollup: {rollup_rows} rows in {rollup_seconds:.2f} s", file=sys.stderr, flush=True)
    rows, duck = pipeline.ranking_query(
        inputs=pipeline.Inputs([], [], works, current_loans_files=(rollup,)),
        period=period,
        settings=s,
    )
    print(f"duckdb: {len(rows)} ranked rows in {duck:.2f} s", file=sys.stderr, flush=True)
    slice_files = make_slice(directory, min(args.slice, args.rows), args.rows)
    slice_rows, duck_slice = pipeline.ranking_query(
        inputs=pipeline.Inputs(slice_files, [], works), period=period, settings=s
    )
    pandas_rows, pandas_seconds = pandas_ranking(slice_files, works[0], s)
    print(f"pandas: {pandas_rows} rows in {pandas_seconds:.2f} s", file=sys.stderr, flush=True)
    spark_seconds = None
    if not args.no_spark:
        _spark_rows, spark_seconds = pipeline.ranking_query(
            inputs=pipeline.Inputs(slice_files, [], works),
            period=period,
            settings=s,
            engine="spark",
        )
    slice_n = (
        duckdb.connect()
        .execute(f"SELECT COUNT(*) FROM read_parquet('{slice_files[0]}')")
        .fetchone()[0]
    )
    # Per row on the same slice, the same computation from the raw rows (no rollup).
    ratio = pandas_seconds / duck_slice
    result = {
        "rows": args.rows,
        "libraries": LIBRARIES,
        "works": WORKS,
        "months": MONTHS,
        "generate_seconds": round(generated_seconds, 2) if generated_seconds else None,
        "load_rollup_seconds": round(rollup_seconds, 3),
        "rollup_rows": rollup_rows,
        "duckdb_yearly_all_categories_seconds": round(duck, 3),
        "duckdb_yearly_including_rollup_seconds": round(duck + rollup_seconds, 3),
        "duckdb_slice_seconds": round(duck_slice, 3),
        "ranked_rows": len(rows),
        "slice_rows": slice_n,
        "pandas_slice_seconds": round(pandas_seconds, 3),
        "duckdb_vs_pandas_per_row": round(ratio, 1),
        "spark_local_slice_seconds": round(spark_seconds, 3) if spark_seconds else None,
        "goal_met": duck <= 10 and ratio >= 10,
    }
    if not args.keep:
        shutil.rmtree(directory, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
