"""MARC import: records matched against the catalog (control number, ISBN,
title + author) and created, updated or merged; holdings become copies.

A file is read in two stages: worker processes decode each record, take its
fields and write its MARCXML (`import_reading`, the CPU-bound part), and the
calling process matches and stores them a batch at a time, new records with one
insert per table per batch (`import_batches`)."""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pymarc
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import ImportOutcome
from wenlan.catalog.marc.reader import AUTO, file_format, split_file
from wenlan.catalog.models import Item, Record, RecordIsbn
from wenlan.catalog.services.import_batches import BatchImporter, RecordImportResult
from wenlan.catalog.services.import_reading import (
    FileReading,
    ImportFailure,
    ParsedRecord,
    record_parse,
    records_prepared,
)
from wenlan.catalog.services.outbox import record_changed
from wenlan.core.errors import ValidationError
from wenlan.core.table_statistics import TableStatistics
from wenlan.network.models import Library


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    merged: int = 0
    skipped: int = 0
    failed: int = 0
    items: int = 0
    failures: list[ImportFailure] = field(default_factory=list)

    def fail(self, failure: ImportFailure) -> None:
        self.failed += 1
        self.failures.append(failure)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "merged": self.merged,
            "skipped": self.skipped,
            "failed": self.failed,
            "items": self.items,
        }


@transaction.atomic
def record_import(
    *,
    marc: pymarc.Record,
    flavour: str | None = None,
    libraries: dict[str, Library] | None = None,
    default_library: Library | None = None,
) -> RecordImportResult:
    """Store one MARC record: update it if its control number is known, merge it
    into a duplicate (same ISBN, or same title and author), or create it. Its
    holdings become items. One transaction: a record is stored whole or not at all."""
    importer = BatchImporter(libraries=libraries or {}, default_library=default_library)
    parsed = record_parse(marc, flavour)
    importer.load([parsed])
    done = importer.store(parsed)
    failed = importer.write_pending()
    if failed:
        raise IntegrityError(next(iter(failed.values())))
    if done.outcome != ImportOutcome.SKIPPED:
        record_changed([done.record.pk])
    return done


IMPORT_BATCH = 200
# Planner statistics are gathered again after at least this many rows (PostgreSQL).
STATISTICS_AT_LEAST = 1000


def catalog_import_file(
    *,
    path: Path,
    fmt: str | None = None,
    encoding: str = AUTO,
    library_code: str | None = None,
    progress: Callable[[int], None] | None = None,
    limit: int | None = None,
    workers: int = 1,
) -> ImportReport:
    """Import every record of a file. Records are committed a batch at a time:
    a crash leaves whole records only, and running the same file again finishes
    the job without doubling anything. `workers` processes decode and map the
    records. The index is brought up to date by the caller (the command) or the
    task worker."""
    libraries = {lib.code: lib for lib in Library.objects.all()}
    default = None
    if library_code:
        default = libraries.get(library_code)
        if default is None:
            raise ValidationError(
                _("没有代码为 %(code)s 的图书馆。") % {"code": library_code}, field="library"
            )
    reading = FileReading(
        fmt=file_format(path, fmt),
        flavour=fmt if fmt in ("marc21", "unimarc") else None,
        encoding=encoding,
    )
    importer = BatchImporter(libraries=libraries, default_library=default)
    report = ImportReport()
    statistics = TableStatistics(Record, RecordIsbn, Item, at_least=STATISTICS_AT_LEAST)

    raws = split_file(path, fmt=reading.fmt)
    if limit is not None:
        raws = itertools.takewhile(lambda raw: raw.position <= limit, raws)
    batch: list[ParsedRecord] = []
    for prepared in records_prepared(raws, reading, workers=workers):
        if progress is not None:
            progress(1)
        if isinstance(prepared, ImportFailure):
            report.fail(prepared)
            continue
        batch.append(prepared)
        if len(batch) >= IMPORT_BATCH:
            _batch_store(batch, importer=importer, report=report, statistics=statistics)
    _batch_store(batch, importer=importer, report=report, statistics=statistics)
    return report


def _batch_store(
    batch: list[ParsedRecord],
    *,
    importer: BatchImporter,
    report: ImportReport,
    statistics: TableStatistics,
) -> None:
    """Store and commit one batch, count it in `report`, and empty it."""
    if not batch:
        return
    added_before = report.created + report.items
    with transaction.atomic():
        importer.load(batch)
        done = []
        for parsed in batch:
            try:
                done.append((parsed, importer.store(parsed)))
            except (IntegrityError, DataError) as error:
                report.fail(_failure(parsed, str(error)))
                importer.load(batch)  # the savepoint undid some of it
        failed = importer.write_pending()
        changed: set[int] = set()
        for parsed, result in done:
            if parsed.position in failed:
                report.fail(_failure(parsed, failed[parsed.position]))
                continue
            setattr(report, result.outcome, getattr(report, result.outcome) + 1)
            report.items += result.items_added
            if result.outcome != ImportOutcome.SKIPPED:
                changed.add(result.record.pk)
            report.failures += [_failure(parsed, note) for note in result.notes]
        record_changed(sorted(changed), notify=False)
    statistics.added(report.created + report.items - added_before)
    batch.clear()


def _failure(parsed: ParsedRecord, reason: str) -> ImportFailure:
    return ImportFailure(parsed.position, reason[:300], parsed.fields.control_number, parsed.offset)
