"""The insights dashboard over generated exports larger than the demo's: the
figures read from the log (raw) against the same figures read from the rollups.

    .venv/bin/python bench/insights.py [--loans 100000,300000,1000000] [--libraries 30]
                                       [--repeat 5]

For each `--loans` size, generates (DuckDB SQL straight to Parquet, hive partitions
month × library, as the export lays them out, with a manifest and the CURRENT
pointer) a year of that many checkouts and as many returns by 20,000 readers at
`--libraries` libraries, finished holds, transits and a collection of 200,000
copies, then builds the rollups as the export does (analytics.rollups, timed). Then
times one dashboard view — every figure, for the network and for one library — as
the page runs them, from the log and from the rollups: the first view after an
export (its files read once into memory, then every figure) and a view once the
export is loaded (what most page views are), and the same view again (kept, keyed
by the export's id). Medians of `--repeat` runs. The last line is one JSON object.
"""

import argparse
import json
import os
import statistics
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

from django.conf import settings  # noqa: E402

from wenlan.analytics.datasets import DATASETS  # noqa: E402
from wenlan.analytics.rollups import rollups_refresh  # noqa: E402
from wenlan.analytics.storage import DatasetFiles, Manifest, Store  # noqa: E402
from wenlan.core.cache import process_cache_clear  # noqa: E402
from wenlan.insights import dashboard  # noqa: E402
from wenlan.insights.policies import Period  # noqa: E402

EXPORT_ID = "20261201T000000Z-bench0"
READERS, ITEMS = 20_000, 200_000
CLASSES = "ABCDEFGHIJKNOPQRSTUVXZ"

CIRCULATION = """
SELECT n AS id, ts AS "at", CAST(ts AS DATE) AS local_date, CAST(isodow(ts) AS TINYINT) AS weekday,
       CAST(hour(ts) AS TINYINT) AS hour, kind,
       md5(CAST(reader AS VARCHAR))[:32] AS reader_pseudonym,
       ['adult','student','child','senior'][1 + reader % 4] AS reader_category,
       CAST(1 + reader % {libs} AS BIGINT) AS reader_library_id,
       CAST(item AS BIGINT) AS item_id, CAST(1 + item % {libs} AS BIGINT) AS item_library_id,
       CAST(item // 2 AS BIGINT) AS record_id, substr('{classes}', 1 + item % 22, 1) AS clc_top,
       CAST(lib AS BIGINT) AS library_id, 'desk' AS channel,
       ['0-6','7-12','13-17','18-34','35-59','60+','unknown'][1 + reader % 7] AS age_band,
       strftime(ts, '%Y-%m') AS month, CAST(lib AS BIGINT) AS library
FROM (
  SELECT n, CASE WHEN n % 2 = 0 THEN 'checkout' ELSE 'checkin' END AS kind,
         TIMESTAMPTZ '2025-12-01 00:00:00+08' + to_seconds(CAST(hash(n) % 31536000 AS BIGINT))
           AS ts,
         CAST(pow(random(), 2) * {readers} AS BIGINT) AS reader,
         CAST(pow(random(), 3) * {items} AS BIGINT) AS item,
         1 + CAST(pow(random(), 1.5) * {libs} AS BIGINT) AS lib
  FROM range({rows}) t(n)
)
"""

HOLDS = """
SELECT n AS hold_id, md5(CAST(n % {readers} AS VARCHAR))[:32] AS reader_pseudonym,
       CAST(n AS BIGINT) AS record_id, substr('{classes}', 1 + n % 22, 1) AS clc_top,
       CAST(lib AS BIGINT) AS pickup_library_id,
       ['fulfilled','fulfilled','fulfilled','cancelled','expired'][1 + n % 5] AS status,
       placed AS placed_at, placed + INTERVAL 3 DAY AS ready_at,
       placed + INTERVAL 5 DAY AS closed_at,
       CAST(placed AS DATE) AS local_date, CAST(24 + n % 400 AS DOUBLE) AS wait_hours,
       strftime(placed, '%Y-%m') AS month, CAST(lib AS BIGINT) AS library
FROM (SELECT n, 1 + n % {libs} AS lib,
             TIMESTAMPTZ '2025-12-01 00:00:00+08' + to_seconds(CAST(hash(n) % 31536000 AS BIGINT))
               AS placed
      FROM range({rows}) t(n))
"""

TRANSITS = """
SELECT n AS transit_id, CAST(n AS BIGINT) AS item_id,
       CAST(1 + n % {libs} AS BIGINT) AS from_library_id,
       CAST(lib AS BIGINT) AS to_library_id, 'home' AS reason, sent AS sent_at,
       sent + to_seconds(3600 * (12 + n % 60)) AS received_at, CAST(sent AS DATE) AS local_date,
       CAST(12 + n % 60 AS DOUBLE) AS hours, strftime(sent, '%Y-%m') AS month,
       CAST(lib AS BIGINT) AS library
FROM (SELECT n, 1 + (n * 7) % {libs} AS lib,
             TIMESTAMPTZ '2025-12-01 00:00:00+08' + to_seconds(CAST(hash(n) % 31536000 AS BIGINT))
               AS sent
      FROM range({rows}) t(n))
"""

COLLECTION = """
SELECT n AS item_id, CAST(n // 2 AS BIGINT) AS record_id,
       CAST(1 + n % {libs} AS BIGINT) AS library_id,
       'book' AS item_type, substr('{classes}', 1 + n % 22, 1) AS clc_top,
       DATE '2020-01-01' AS added_on, '2020-01' AS month, CAST(1 + n % {libs} AS BIGINT) AS library
FROM range({items}) t(n)
"""


def generate(root: Path, *, loans: int, libraries: int) -> tuple[float, dict]:
    started = time.monotonic()
    root.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    values = {"libs": libraries, "readers": READERS, "items": ITEMS, "classes": CLASSES}
    sources = {
        "circulation": CIRCULATION.format(rows=2 * loans, **values),
        "holds": HOLDS.format(rows=loans // 12, **values),
        "transits": TRANSITS.format(rows=loans // 30, **values),
        "collection": COLLECTION.format(**values),
    }
    states = {}
    for name, sql in sources.items():
        target = root / name
        con.execute(
            f"COPY ({sql}) TO '{target}' (FORMAT PARQUET, PARTITION_BY (month, library), "
            "FILENAME_PATTERN 'part-" + EXPORT_ID + "-{i}')"
        )
        files = []
        for path in sorted(target.rglob("*.parquet")):
            rows = con.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
            files.append(DATASETS[name].file_entry(str(path.relative_to(root)), rows=rows))
        states[name] = DatasetFiles(files=files, watermark={})
    states["event_attendance"] = DatasetFiles()
    store = Store(str(root))
    generated = time.monotonic() - started
    touched = {
        (p.split("month=")[1].split("/")[0], int(p.split("library=")[1].split("/")[0]))
        for p in (f["path"] for f in states["circulation"].files)
    }
    rolled = time.monotonic()
    rollups_refresh(store, states, touched=touched, export_id=EXPORT_ID)
    rolled = time.monotonic() - rolled
    store.manifest_write(
        Manifest(
            export_id=EXPORT_ID,
            created_at="2026-12-01T00:00:00+00:00",
            previous=None,
            datasets=states,
        )  # fmt: skip
    )
    store.pointer_write(EXPORT_ID)
    rows = {n: s.rows for n, s in states.items() if n == "circulation" or n.startswith("rollup_")}
    return generated, rolled, rows


def _median(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.monotonic()
        run()
        times.append(time.monotonic() - started)
    return statistics.median(times)


def _view(library: int | None, period: Period, repeat: int, rollups: bool) -> dict[str, float]:
    def cold():
        process_cache_clear()  # the export loaded anew: a new export, a new process
        dashboard.dashboard_rows(library_id=library, period=period, cached=False, rollups=rollups)

    def loaded():
        dashboard.dashboard_rows(library_id=library, period=period, cached=False, rollups=rollups)

    first = _median(cold, repeat)
    warm = _median(loaded, repeat)  # the export already loaded by `cold`
    dashboard.dashboard_rows(library_id=library, period=period, rollups=rollups)
    kept = _median(
        lambda: dashboard.dashboard_rows(library_id=library, period=period, rollups=rollups),
        repeat,
    )
    return {"first": first, "loaded": warm, "kept": kept}


def _size(loans: int, libraries: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "analytics"
        settings.WENLAN_ANALYTICS_URI = str(root)
        generated, rolled, rows = generate(root, loans=loans, libraries=libraries)
        print(f"{loans:,} loans: generated in {generated:.1f} s; rollups built in "
              f"{rolled:.1f} s; rows {rows}")  # fmt: skip
        period = Period("2025-12", "2026-11")
        out: dict = {"rollups_build_seconds": round(rolled, 2)}
        for view, library in (("network", None), ("library", 3)):
            raw = _view(library, period, repeat, rollups=False)
            fast = _view(library, period, repeat, rollups=True)
            ratio = raw["loaded"] / fast["loaded"]
            print(
                f"  {view}: from the log first view {raw['first']:.3f} s, loaded "
                f"{raw['loaded']:.3f} s; from the rollups first view {fast['first']:.3f} s, "
                f"loaded {fast['loaded']:.3f} s (×{ratio:.1f}); kept {fast['kept'] * 1000:.2f} ms"
            )
            out.update({
                f"{view}_raw_first_seconds": round(raw["first"], 3),
                f"{view}_raw_seconds": round(raw["loaded"], 3),
                f"{view}_rollups_first_seconds": round(fast["first"], 3),
                f"{view}_rollups_seconds": round(fast["loaded"], 3),
                f"{view}_ratio": round(ratio, 2),
                f"{view}_kept_ms": round(fast["kept"] * 1000, 3),
            })  # fmt: skip
        process_cache_clear()
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loans", default="100000,300000,1000000")
    parser.add_argument("--libraries", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(n) for n in args.loans.split(",")]
    results = {str(n): _size(n, args.libraries, args.repeat) for n in sizes}
    print(json.dumps({"libraries": args.libraries, "repeat": args.repeat, "sizes": results}))


if __name__ == "__main__":
    main()
