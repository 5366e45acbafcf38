"""`wenlan import-marc FILE [--format marc21|unimarc|marcxml] [--encoding E] [--library CODE]`

Imports MARC records (committed a batch at a time, each record in its own
savepoint, so a crash leaves whole records and a re-run finishes the job), then
brings the search index up to date. A progress bar on stderr; the last line on
stdout is one JSON object with the counts; every failed record is listed (position
and reason) in the failures file (var/imports/<file>.failures.tsv unless
--failures says otherwise)."""

import json
import multiprocessing
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from wenlan.catalog.indexing import index_sync
from wenlan.catalog.marc.reader import AUTO, RECORD_TERMINATOR, sniff_format
from wenlan.catalog.progress import ProgressBar
from wenlan.catalog.services.imports import catalog_import_file
from wenlan.core.errors import WenlanError

# Below this many records (or bytes of MARCXML), starting worker processes costs
# more than they save.
PARALLEL_FROM = 1000


def _workers(path: Path, count: int | None) -> int:
    large = count >= PARALLEL_FROM if count is not None else path.stat().st_size >= 1 << 20
    return (os.cpu_count() or 1) if large else 1


def _count_records(path: Path, fmt: str) -> int | None:
    if fmt == "marcxml":
        return None
    count = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            count += chunk.count(RECORD_TERMINATOR)
    return count


def _follow(stop, indexed) -> None:
    """In a process of its own: index what the import commits, while it goes on,
    so that tokenising (jieba) runs on the other core."""
    while not stop.wait(0.5):
        count = index_sync(workers=1)
        with indexed.get_lock():
            indexed.value += count


def _start_follower():
    """None when there is one core, or when the caller holds a transaction open
    (the follower could not see the records, and the connection must not close)."""
    if (os.cpu_count() or 1) < 2 or connections["default"].in_atomic_block:
        return None
    connections.close_all()  # the child opens its own; never share a connection over fork
    context = multiprocessing.get_context("fork")
    stop, indexed = context.Event(), context.Value("q", 0)
    process = context.Process(target=_follow, args=(stop, indexed), daemon=True)
    process.start()
    return process, stop, indexed


class Command(BaseCommand):
    help = "Import MARC21, UNIMARC/CNMARC (ISO 2709) or MARCXML records into the catalog."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--format",
            choices=["marc21", "unimarc", "marcxml"],
            default=None,
            help="default: MARCXML if the file is XML, else MARC21",
        )
        parser.add_argument(
            "--encoding", default=AUTO, help="utf-8, gb18030, gbk, marc8 … (default: auto)"
        )
        parser.add_argument(
            "--library", default=None, help="code of the library that owns the copies"
        )
        parser.add_argument("--failures", default=None, help="where to list failed records")
        parser.add_argument(
            "--no-index", action="store_true", help="leave indexing to the task worker"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        fmt = options["format"] or ("marcxml" if sniff_format(path) == "marcxml" else "marc21")
        encoding = options["encoding"]
        if encoding.lower().replace("-", "") == "marc8":
            encoding = "iso8859-1"  # how pymarc is asked for MARC-8
        count = _count_records(path, fmt)
        bar = ProgressBar(count, label="import", stream=self.stderr._out)
        follower = None if options["no_index"] else _start_follower()
        try:
            report = catalog_import_file(
                path=path,
                fmt=fmt,
                encoding=encoding,
                library_code=options["library"],
                progress=bar,
                workers=_workers(path, count),
            )
        except WenlanError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
            if follower is not None:
                follower[1].set()
                follower[0].join()
        failures_path = Path(
            options["failures"] or Path(settings.VAR_DIR) / "imports" / f"{path.name}.failures.tsv"
        )
        if report.failures:
            failures_path.parent.mkdir(parents=True, exist_ok=True)
            with open(failures_path, "w", encoding="utf-8") as out:
                out.write("position\toffset\tcontrol_number\treason\n")
                for f in report.failures:
                    reason = " ".join(f.reason.split())
                    offset = "" if f.offset is None else f.offset
                    out.write(f"{f.position}\t{offset}\t{f.control_number}\t{reason}\n")
        elif failures_path.exists() and options["failures"] is None:
            failures_path.unlink()
        # The follower indexed most of it; this applies the rest.
        indexed = 0 if options["no_index"] else index_sync()
        if follower is not None:
            indexed += follower[2].value
        summary = {**report.counts(), "indexed": indexed}
        if report.failures:
            summary["failures_file"] = str(failures_path)
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
