"""MARC import throughput, against pymarc's bare parse of the same file.

    .venv/bin/python bench/import_marc.py [--copies 4] [--quick]
    DATABASE_URL=postgres://.../benchdb .venv/bin/python bench/import_marc.py

Writes a file of the real Library of Congress records in ../shared/data (the 1,500
Chinese records with 880 fields and the 3,000 English ones), --copies times over
with the control numbers changed so every copy is a new record, then runs
`wenlan import-marc` on it in a fresh database (each record parsed, mapped, matched
for duplicates, stored with its MARCXML, the outbox written) and brings the search
index up to date. The baseline is pymarc's MARCReader reading the same file and
doing nothing else. A second run of the same file measures the idempotent re-run.
The last line of output is one JSON object."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "marc21-lc-booksall-2016-sample"
FILES = ["BooksAll.2016.part01.chi-with-880.utf8.mrc", "BooksAll.2016.part01.first3000.utf8.mrc"]


def write_input(path: Path, copies: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import pymarc

    count = 0
    with open(path, "wb") as out:
        for copy in range(copies):
            for name in FILES:
                with open(DATA / name, "rb") as handle:
                    for record in pymarc.MARCReader(handle, to_unicode=True, force_utf8=True):
                        if copy:
                            for field in record.get_fields("001"):
                                field.data = f"{field.data.strip()}-c{copy}"
                            # a different edition each time, so duplicate matching (ISBN,
                            # title + author) does not merge the copies
                            record.remove_fields("020")
                            for field in record.get_fields("245", "880"):
                                link = field.get("6") or ""
                                if field.tag == "245" or link.startswith("245"):
                                    for i, sub in enumerate(field.subfields):
                                        if sub.code == "a":
                                            field.subfields[i] = pymarc.Subfield(
                                                "a", f"{sub.value} [{copy}]"
                                            )
                                            break
                        out.write(record.as_marc())
                        count += 1
    return count


def bare_parse(path: Path) -> float:
    import pymarc

    started = time.perf_counter()
    with open(path, "rb") as handle:
        for _record in pymarc.MARCReader(handle, to_unicode=True, force_utf8=True):
            pass
    return time.perf_counter() - started


def run_import(path: Path, env: dict) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "wenlan"), "import-marc", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--copies", type=int, default=4, help="times the 4,500 real records are repeated"
    )
    parser.add_argument("--quick", action="store_true", help="one copy (4,500 records)")
    args = parser.parse_args()
    if args.quick:
        args.copies = 1
    if not DATA.is_dir():
        sys.exit(f"the real MARC data is not at {DATA}")

    tmp = Path(tempfile.mkdtemp(prefix="wenlan-bench-import-"))
    try:
        env = {**os.environ, "WENLAN_TASK_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
        if "DATABASE_URL" not in env:
            env["WENLAN_VAR_DIR"] = str(tmp / "var")
        env["WENLAN_INDEX_DIR"] = str(tmp / "index")
        source = tmp / "input.mrc"
        records = write_input(source, args.copies)
        parse_seconds = min(bare_parse(source) for _ in range(2))
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "wenlan"), "migrate", "-v", "0"], env=env, check=True
        )
        import_seconds, counts = run_import(source, env)
        rerun_seconds, rerun = run_import(source, env)
        result = {
            "records": records,
            "database": "postgresql" if "DATABASE_URL" in os.environ else "sqlite",
            "import_s": round(import_seconds, 2),
            "import_records_per_s": round(records / import_seconds),
            "pymarc_parse_records_per_s": round(records / parse_seconds),
            "import_over_parse": round(import_seconds / parse_seconds, 1),
            "rerun_s": round(rerun_seconds, 2),
            "rerun_records_per_s": round(records / rerun_seconds),
            "first_run": counts,
            "rerun": rerun,
            "note": "import time is the whole command: start-up, parse, store, index",
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
