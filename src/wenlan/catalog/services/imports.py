"""MARC import: records matched against the catalog (control number, ISBN,
title + author) and created, updated or merged; holdings become copies.

A file is read in two stages: worker processes decode each record, take its
fields and write its MARCXML (`_prepare`, the CPU-bound part), and the calling
process matches and stores them a batch at a time, new records with one insert
per table per batch."""

import datetime as dt
import functools
import hashlib
import itertools
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pymarc
from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import ImportOutcome, ItemType
from wenlan.catalog.errors import RecordInvalidError
from wenlan.catalog.marc.fields import RecordFields, extract
from wenlan.catalog.marc.reader import (
    AUTO,
    RawRecord,
    decode,
    detect_flavour,
    file_format,
    split_file,
)
from wenlan.catalog.marc.writer import iso2709_oversize, to_marcxml
from wenlan.catalog.models import Item, Record, RecordIsbn
from wenlan.catalog.services.outbox import record_changed
from wenlan.core.errors import ValidationError
from wenlan.core.iterables import chunked
from wenlan.core.text import match_key
from wenlan.network.models import Library


@dataclass
class ImportFailure:
    position: int
    reason: str
    control_number: str = ""
    offset: int | None = None


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    merged: int = 0
    skipped: int = 0
    failed: int = 0
    items: int = 0
    failures: list[ImportFailure] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "merged": self.merged,
            "skipped": self.skipped,
            "failed": self.failed,
            "items": self.items,
        }


@dataclass
class _Parsed:
    fields: RecordFields
    marc_xml: str
    fingerprint: str
    match_key: str
    position: int = 0
    offset: int | None = None


def _record_key(fields: RecordFields) -> str:
    first = fields.authors[0].name if fields.authors else ""
    title, author = match_key(fields.title), match_key(first)
    return f"{title}|{author}"[:255] if title and author else ""


def _apply_fields(record: Record, parsed: _Parsed) -> None:
    fields = parsed.fields
    record.flavour = fields.flavour
    record.control_number = fields.control_number[:64]
    record.control_source = fields.control_source[:32]
    record.title = fields.title[:500]
    record.title_romanised = fields.title_romanised[:500]
    record.parallel_title = fields.parallel_title[:500]
    record.responsibility = fields.responsibility[:500]
    record.authors = [
        {"name": a.name, "role": a.role, **({"romanised": a.romanised} if a.romanised else {})}
        for a in fields.authors
    ]
    record.publisher = fields.publisher[:300]
    record.place = fields.place[:200]
    record.year = fields.year if fields.year and 0 < fields.year < 32767 else None
    record.edition = fields.edition[:200]
    record.isbns = list(fields.isbns)
    record.clc = fields.clc[:64]
    record.clc_top = fields.clc[:1].upper() if fields.clc[:1].isalpha() else ""
    record.subjects = list(fields.subjects)
    record.language = fields.language[:3]
    record.series = fields.series[:500]
    record.summary = fields.summary
    record.material_type = fields.material_type
    record.match_key = parsed.match_key


def _set_isbns(record: Record, isbns: list[str]) -> None:
    RecordIsbn.objects.filter(record=record).exclude(isbn__in=isbns).delete()
    have = set(RecordIsbn.objects.filter(record=record).values_list("isbn", flat=True))
    RecordIsbn.objects.bulk_create(
        RecordIsbn(record=record, isbn=i) for i in isbns if i not in have
    )


def _is_duplicate(candidate: Record, fields: RecordFields) -> bool:
    # Same title and author but different ISBNs are different editions.
    return not fields.isbns or not candidate.isbns


def _parse_date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(value.strip()[:10], fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class RecordImportResult:
    outcome: str
    record: Record
    items_added: int = 0
    notes: list[str] = field(default_factory=list)


def _parse(marc: pymarc.Record, flavour: str | None) -> _Parsed:
    fields = extract(marc, flavour or detect_flavour(marc))
    if not fields.title:
        raise RecordInvalidError(_("缺少题名。"), field="title")
    if oversize := iso2709_oversize(marc):
        if oversize.tag is None:
            message = _("记录长 %(size)d 字节，超过 ISO 2709 允许的 99999 字节。")
        else:
            message = _("字段 %(tag)s 长 %(size)d 字节，超过 ISO 2709 允许的 9999 字节。")
        raise RecordInvalidError(message % {"tag": oversize.tag, "size": oversize.size})
    marc_xml = to_marcxml(marc)
    fingerprint = hashlib.sha256(marc_xml.encode("utf-8")).hexdigest()
    return _Parsed(fields, marc_xml, fingerprint, _record_key(fields))


@dataclass(frozen=True)
class _Reading:
    """How a file's records are read: its format (marc21, unimarc, marcxml), the
    flavour to map them by (None: told by each record's tags), the encoding."""

    fmt: str
    flavour: str | None
    encoding: str


def _prepare(raw: RawRecord, reading: _Reading) -> _Parsed | ImportFailure:
    """One record of a file, decoded, mapped and serialised, or why it cannot be."""
    result = decode(raw, fmt=reading.fmt, encoding=reading.encoding)
    if result.record is None:
        return ImportFailure(raw.position, result.error[:300], offset=raw.offset)
    control_fields = result.record.get_fields("001")
    control = (control_fields[0].data or "") if control_fields else ""
    try:
        parsed = _parse(result.record, reading.flavour)
    except RecordInvalidError as error:
        return ImportFailure(raw.position, str(error)[:300], control, raw.offset)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        # pymarc accepts records that then break the field extraction.
        reason = f"{error.__class__.__name__}: {error}"
        return ImportFailure(raw.position, reason[:300], control, raw.offset)
    parsed.position, parsed.offset = raw.position, raw.offset
    return parsed


def _prepare_chunk(chunk: list[RawRecord], reading: _Reading) -> list:
    return [_prepare(raw, reading) for raw in chunk]


PREPARE_CHUNK = 100


def _prepared(
    raws: Iterator[RawRecord], reading: _Reading, *, workers: int
) -> Iterator[_Parsed | ImportFailure]:
    """The records of a file in order, prepared in `workers` processes. The workers
    never touch the database; this process reads the file and stores."""
    if workers <= 1:
        for raw in raws:
            yield _prepare(raw, reading)
        return
    work = functools.partial(_prepare_chunk, reading=reading)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for prepared in pool.imap(work, chunked(raws, PREPARE_CHUNK)):
            yield from prepared


@dataclass
class _Pending:
    """What a batch still has to insert for one record: the record itself if it is
    new, and its new copies; `positions` are the file records stored in it."""

    record: Record
    items: list[Item] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)


class _Importer:
    """Imports records a batch at a time: the lookups for a whole batch (control
    numbers, ISBNs, title+author keys, barcodes) are one query each; new records and
    copies are inserted together at the end of the batch (`write_pending`), and
    changes to existing records each in their own savepoint. A batch is committed
    whole, so a crash leaves whole records only."""

    def __init__(self, *, libraries: dict[str, Library], default_library: Library | None):
        self.libraries = libraries
        self.default = default_library
        self.pending: dict[int, _Pending] = {}  # by id() of the record

    def load(self, batch: list[_Parsed]) -> None:
        controls = {p.fields.control_number[:64] for p in batch if p.fields.control_number}
        self.by_control: dict[tuple[str, str], Record] = {}
        for record in Record.objects.filter(control_number__in=controls).order_by("-pk"):
            self.by_control[(record.control_number, record.control_source)] = record
        isbns = {i for p in batch for i in p.fields.isbns}
        self.by_isbn: dict[str, Record] = {}
        rows = RecordIsbn.objects.filter(isbn__in=isbns, record__is_deleted=False).select_related(
            "record"
        )
        for row in rows.order_by("-record_id"):
            self.by_isbn[row.isbn] = row.record
        keys = {p.match_key for p in batch if p.match_key}
        self.by_key: dict[str, list[Record]] = {}
        for record in Record.objects.filter(match_key__in=keys, is_deleted=False).order_by("pk"):
            self.by_key.setdefault(record.match_key, []).append(record)
        self.by_fingerprint: dict[str, Record] = {
            r.fingerprint: r
            for r in Record.objects.filter(fingerprint__in={p.fingerprint for p in batch}).order_by(
                "-pk"
            )
        }
        barcodes = {h.barcode[:64] for p in batch for h in p.fields.holdings}
        # A copy's record: its id, or the record object while it waits to be inserted.
        self.barcodes: dict[str, int | Record] = (
            dict(Item.objects.filter(barcode__in=barcodes).values_list("barcode", "record_id"))
            if barcodes
            else {}
        )
        for unit in self.pending.values():  # records the batch has not inserted yet
            self._remember(unit.record)
            for item in unit.items:
                self.barcodes[item.barcode] = unit.record.pk or unit.record

    def _duplicate(self, parsed: _Parsed) -> Record | None:
        for isbn in parsed.fields.isbns:
            if isbn in self.by_isbn:
                return self.by_isbn[isbn]
        for candidate in self.by_key.get(parsed.match_key, []):
            if _is_duplicate(candidate, parsed.fields):
                return candidate
        return None

    def _remember(self, record: Record) -> None:
        self.by_fingerprint.setdefault(record.fingerprint, record)
        self.by_control[(record.control_number, record.control_source)] = record
        for isbn in record.isbns:
            self.by_isbn.setdefault(isbn, record)
        if record.match_key and record not in self.by_key.get(record.match_key, []):
            self.by_key.setdefault(record.match_key, []).append(record)

    def _pending_for(self, record: Record) -> _Pending:
        found = self.pending.get(id(record))
        if found is None:
            found = self.pending[id(record)] = _Pending(record)
        return found

    def store(self, parsed: _Parsed) -> RecordImportResult:
        """Decide what `parsed` is (new, an update, a duplicate, nothing new) and
        write the changes to existing records; new records and copies wait in
        `pending` for `write_pending`."""
        fields, fingerprint = parsed.fields, parsed.fingerprint
        record = None
        if fields.control_number:
            record = self.by_control.get((fields.control_number[:64], fields.control_source[:32]))
        else:  # without a control number, only the very same MARC is the same record
            record = self.by_fingerprint.get(fingerprint)
        if record is not None:
            if record.fingerprint == fingerprint and not record.is_deleted:
                outcome = ImportOutcome.SKIPPED
            else:
                _apply_fields(record, parsed)
                record.marc, record.fingerprint = parsed.marc_xml, fingerprint
                record.is_deleted, record.deleted_at = False, None
                self._save(record)
                outcome = ImportOutcome.UPDATED
        elif (duplicate := self._duplicate(parsed)) is not None:
            record = duplicate
            if fingerprint in record.merged_from or fingerprint == record.fingerprint:
                outcome = ImportOutcome.SKIPPED
            else:
                record.merged_from = [*record.merged_from, fingerprint]
                record.isbns = [*record.isbns, *(i for i in fields.isbns if i not in record.isbns)]
                self._save(record, update_fields=["isbns", "merged_from", "updated_at"])
                outcome = ImportOutcome.MERGED
        else:
            record = Record(marc=parsed.marc_xml, fingerprint=fingerprint)
            _apply_fields(record, parsed)
            self._pending_for(record)
            outcome = ImportOutcome.CREATED
        added, notes = self._add_holdings(record, fields)
        if outcome == ImportOutcome.SKIPPED and added:
            outcome = (
                ImportOutcome.UPDATED if record.fingerprint == fingerprint else ImportOutcome.MERGED
            )
        if record.pk is None or added:
            self._pending_for(record).positions.append(parsed.position)
        self._remember(record)
        return RecordImportResult(outcome=outcome, record=record, items_added=added, notes=notes)

    @staticmethod
    def _save(record: Record, *, update_fields: list[str] | None = None) -> None:
        """Write a change to a record now, unless it waits to be inserted anyway."""
        if record.pk is None:
            return
        with transaction.atomic():
            record.save(update_fields=update_fields)
            _set_isbns(record, record.isbns)

    def _add_holdings(self, record: Record, fields: RecordFields) -> tuple[int, list[str]]:
        notes: list[str] = []
        new: list[Item] = []
        for holding in fields.holdings:
            barcode = holding.barcode[:64]
            if barcode in self.barcodes:
                owner = self.barcodes[barcode]
                if owner is not record and owner != record.pk:
                    owner_id = (owner.pk or owner.title) if isinstance(owner, Record) else owner
                    notes.append(
                        _("条码 %(barcode)s 已属于记录 %(id)s，未导入该单册。")
                        % {"barcode": barcode, "id": owner_id}
                    )
                continue
            library = self.libraries.get(holding.library_code) or self.default
            if library is None:
                notes.append(
                    _("单册 %(barcode)s 的馆代码“%(code)s”不在本网络中，未导入。")
                    % {"barcode": barcode, "code": holding.library_code}
                )
                continue
            new.append(
                Item(
                    record=record,
                    barcode=barcode,
                    library=library,
                    location=self.libraries.get(holding.location_code) or library,
                    shelf_location=holding.shelf_location[:100],
                    call_number=holding.call_number[:100],
                    item_type=holding.item_type
                    if holding.item_type in ItemType.values
                    else ItemType.BOOK,
                    price=holding.price,
                    acquired_on=_parse_date(holding.acquired_on),
                )
            )
            self.barcodes[barcode] = record.pk or record
        if new:
            self._pending_for(record).items.extend(new)
        return len(new), notes

    def write_pending(self) -> dict[int, str]:
        """Insert the batch's new records, their ISBNs and the new copies: one
        statement per table; if that fails (a constraint another import got to
        first, a value the database refuses), one record at a time, each in its
        own savepoint. Returns the failed file positions with the reason."""
        pending, self.pending = list(self.pending.values()), {}
        try:
            _insert(pending)
            return {}
        except (IntegrityError, DataError):
            pass
        failed: dict[int, str] = {}
        for unit in pending:
            try:
                _insert([unit])
            except (IntegrityError, DataError) as error:
                failed.update(dict.fromkeys(unit.positions, str(error)))
        return failed


def _insert(pending: list[_Pending]) -> None:
    """One savepoint; if it fails, the new records are left unsaved as they were."""
    new_records = [unit.record for unit in pending if unit.record.pk is None]
    try:
        with transaction.atomic():
            Record.objects.bulk_create(new_records)
            RecordIsbn.objects.bulk_create(
                RecordIsbn(record=record, isbn=isbn)
                for record in new_records
                for isbn in record.isbns
            )
            items = []
            for unit in pending:
                for item in unit.items:
                    item.record = unit.record  # its id, now that the record has one
                    items.append(item)
            Item.objects.bulk_create(items)
    except (IntegrityError, DataError):
        for record in new_records:
            record.pk, record._state.adding = None, True
        raise


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
    importer = _Importer(libraries=libraries or {}, default_library=default_library)
    parsed = _parse(marc, flavour)
    importer.load([parsed])
    done = importer.store(parsed)
    failed = importer.write_pending()
    if failed:
        raise IntegrityError(next(iter(failed.values())))
    if done.outcome != ImportOutcome.SKIPPED:
        record_changed([done.record.pk])
    return done


IMPORT_BATCH = 200


class _PlannerStatistics:
    """PostgreSQL chooses how to run the batch lookups from its statistics of the
    tables, which a new catalog does not have yet (autovacuum gathers them late, or
    never where it is off): without them each lookup reads the whole table. They are
    gathered again whenever the import has added as many rows as they counted."""

    TABLES = (Record._meta.db_table, RecordIsbn._meta.db_table, Item._meta.db_table)
    AT_LEAST = 1000

    def __init__(self) -> None:
        self.enabled = connection.vendor == "postgresql"
        self.counted = self._counted() if self.enabled else 0
        self.added_since = 0

    def _counted(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(greatest(reltuples, 0)), 0) FROM pg_class"
                " WHERE relname = ANY(%s)",
                [list(self.TABLES)],
            )
            return int(cursor.fetchone()[0])

    def added(self, rows: int) -> None:
        if not self.enabled:
            return
        self.added_since += rows
        if self.added_since >= max(self.AT_LEAST, self.counted):
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(self.TABLES)}")
            self.counted, self.added_since = self._counted(), 0


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
    reading = _Reading(
        fmt=file_format(path, fmt),
        flavour=fmt if fmt in ("marc21", "unimarc") else None,
        encoding=encoding,
    )
    importer = _Importer(libraries=libraries, default_library=default)
    report = ImportReport()
    statistics = _PlannerStatistics()

    def fail(failure: ImportFailure) -> None:
        report.failed += 1
        report.failures.append(failure)

    def flush(batch: list[_Parsed]) -> None:
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
                    fail(_failure(parsed, str(error)))
                    importer.load(batch)  # the savepoint undid some of it
            failed = importer.write_pending()
            changed: set[int] = set()
            for parsed, result in done:
                if parsed.position in failed:
                    fail(_failure(parsed, failed[parsed.position]))
                    continue
                setattr(report, result.outcome, getattr(report, result.outcome) + 1)
                report.items += result.items_added
                if result.outcome != ImportOutcome.SKIPPED:
                    changed.add(result.record.pk)
                report.failures += [_failure(parsed, note) for note in result.notes]
            record_changed(sorted(changed), notify=False)
        statistics.added(report.created + report.items - added_before)
        batch.clear()

    raws = split_file(path, fmt=reading.fmt)
    if limit is not None:
        raws = itertools.takewhile(lambda raw: raw.position <= limit, raws)
    batch: list[_Parsed] = []
    for prepared in _prepared(raws, reading, workers=workers):
        if progress is not None:
            progress(1)
        if isinstance(prepared, ImportFailure):
            fail(prepared)
            continue
        batch.append(prepared)
        if len(batch) >= IMPORT_BATCH:
            flush(batch)
    flush(batch)
    return report


def _failure(parsed: _Parsed, reason: str) -> ImportFailure:
    return ImportFailure(parsed.position, reason[:300], parsed.fields.control_number, parsed.offset)
