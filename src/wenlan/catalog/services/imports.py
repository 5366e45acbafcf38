"""MARC import: records matched against the catalog (control number, ISBN,
title + author) and created, updated or merged; holdings become copies."""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pymarc
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import ImportOutcome, ItemType
from wenlan.catalog.errors import RecordInvalidError
from wenlan.catalog.marc.fields import RecordFields, extract
from wenlan.catalog.marc.reader import AUTO, detect_flavour, read_file
from wenlan.catalog.marc.writer import to_marcxml
from wenlan.catalog.models import Item, Record, RecordIsbn
from wenlan.catalog.services.outbox import record_changed
from wenlan.core.errors import ValidationError
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


def _record_key(fields: RecordFields) -> str:
    first = fields.authors[0].name if fields.authors else ""
    title, author = match_key(fields.title), match_key(first)
    return f"{title}|{author}"[:255] if title and author else ""


def _apply_fields(record: Record, fields: RecordFields) -> None:
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
    record.match_key = _record_key(fields)


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


@dataclass
class _Parsed:
    marc: pymarc.Record
    fields: RecordFields
    marc_xml: str
    fingerprint: str


class _Importer:
    """Imports records a batch at a time: the lookups for a whole batch (control
    numbers, ISBNs, title+author keys, barcodes) are one query each, and each
    record is written inside its own savepoint, so a bad record rolls back alone
    and a batch is committed whole. A crash therefore leaves whole records only."""

    def __init__(self, *, libraries: dict[str, Library], default_library: Library | None):
        self.libraries = libraries
        self.default = default_library

    def prepare(self, marc: pymarc.Record, flavour: str | None) -> _Parsed:
        fields = extract(marc, flavour or detect_flavour(marc))
        if not fields.title:
            raise RecordInvalidError(_("缺少题名。"), field="title")
        marc_xml = to_marcxml(marc)
        return _Parsed(marc, fields, marc_xml, hashlib.sha256(marc_xml.encode("utf-8")).hexdigest())

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
        keys = {k for p in batch if (k := _record_key(p.fields))}
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
        self.barcodes: dict[str, int] = (
            dict(Item.objects.filter(barcode__in=barcodes).values_list("barcode", "record_id"))
            if barcodes
            else {}
        )

    def _duplicate(self, fields: RecordFields) -> Record | None:
        for isbn in fields.isbns:
            if isbn in self.by_isbn:
                return self.by_isbn[isbn]
        for candidate in self.by_key.get(_record_key(fields), []):
            if _is_duplicate(candidate, fields):
                return candidate
        return None

    def _remember(self, record: Record) -> None:
        self.by_fingerprint.setdefault(record.fingerprint, record)
        self.by_control[(record.control_number, record.control_source)] = record
        for isbn in record.isbns:
            self.by_isbn.setdefault(isbn, record)
        if record.match_key and record not in self.by_key.get(record.match_key, []):
            self.by_key.setdefault(record.match_key, []).append(record)

    def store(self, parsed: _Parsed) -> RecordImportResult:
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
                _apply_fields(record, fields)
                record.marc, record.fingerprint = parsed.marc_xml, fingerprint
                record.is_deleted, record.deleted_at = False, None
                record.save()
                _set_isbns(record, record.isbns)
                outcome = ImportOutcome.UPDATED
        elif (duplicate := self._duplicate(fields)) is not None:
            record = duplicate
            if fingerprint in record.merged_from or fingerprint == record.fingerprint:
                outcome = ImportOutcome.SKIPPED
            else:
                record.merged_from = [*record.merged_from, fingerprint]
                record.isbns = [*record.isbns, *(i for i in fields.isbns if i not in record.isbns)]
                record.save(update_fields=["isbns", "merged_from", "updated_at"])
                _set_isbns(record, record.isbns)
                outcome = ImportOutcome.MERGED
        else:
            record = Record(marc=parsed.marc_xml, fingerprint=fingerprint)
            _apply_fields(record, fields)
            record.save()
            RecordIsbn.objects.bulk_create(RecordIsbn(record=record, isbn=i) for i in record.isbns)
            outcome = ImportOutcome.CREATED
        added, notes = self._add_holdings(record, fields)
        if outcome == ImportOutcome.SKIPPED and added:
            outcome = (
                ImportOutcome.UPDATED if record.fingerprint == fingerprint else ImportOutcome.MERGED
            )
        self._remember(record)
        return RecordImportResult(outcome=outcome, record=record, items_added=added, notes=notes)

    def _add_holdings(self, record: Record, fields: RecordFields) -> tuple[int, list[str]]:
        notes: list[str] = []
        new: list[Item] = []
        for holding in fields.holdings:
            barcode = holding.barcode[:64]
            if barcode in self.barcodes:
                if self.barcodes[barcode] != record.pk:
                    notes.append(
                        _("条码 %(barcode)s 已属于记录 %(id)s，未导入该单册。")
                        % {"barcode": barcode, "id": self.barcodes[barcode]}
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
            self.barcodes[barcode] = record.pk
        if new:
            Item.objects.bulk_create(new)
        return len(new), notes


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
    parsed = importer.prepare(marc, flavour)
    importer.load([parsed])
    done = importer.store(parsed)
    if done.outcome != ImportOutcome.SKIPPED:
        record_changed([done.record.pk])
    return done


IMPORT_BATCH = 200


def catalog_import_file(
    *,
    path: Path,
    fmt: str | None = None,
    encoding: str = AUTO,
    library_code: str | None = None,
    progress: Callable[[int], None] | None = None,
    limit: int | None = None,
) -> ImportReport:
    """Import every record of a file. Records are committed a batch at a time and
    each is written in its own savepoint: a crash leaves whole records only, and
    running the same file again finishes the job without doubling anything. The
    index is brought up to date by the caller (the command) or the task worker."""
    libraries = {lib.code: lib for lib in Library.objects.all()}
    default = None
    if library_code:
        default = libraries.get(library_code)
        if default is None:
            raise ValidationError(
                _("没有代码为 %(code)s 的图书馆。") % {"code": library_code}, field="library"
            )
    flavour = fmt if fmt in ("marc21", "unimarc") else None
    importer = _Importer(libraries=libraries, default_library=default)
    report = ImportReport()

    def fail(position: int, reason: str, control: str = "", offset: int | None = None) -> None:
        report.failed += 1
        report.failures.append(ImportFailure(position, reason[:300], control, offset))

    def flush(batch: list[tuple[int, int | None, _Parsed]]) -> None:
        if not batch:
            return
        changed: list[int] = []
        with transaction.atomic():
            importer.load([parsed for _pos, _off, parsed in batch])
            for position, offset, parsed in batch:
                try:
                    with transaction.atomic():
                        done = importer.store(parsed)
                except (IntegrityError, DataError) as error:
                    fail(position, str(error), parsed.fields.control_number, offset)
                    importer.load([p for _a, _b, p in batch])  # the savepoint undid some of it
                    continue
                setattr(report, done.outcome, getattr(report, done.outcome) + 1)
                report.items += done.items_added
                if done.outcome != ImportOutcome.SKIPPED:
                    changed.append(done.record.pk)
                for note in done.notes:
                    report.failures.append(
                        ImportFailure(position, note, parsed.fields.control_number, offset)
                    )
            record_changed(changed, notify=False)
        batch.clear()

    batch: list[tuple[int, int | None, _Parsed]] = []
    for result in read_file(path, fmt=fmt, encoding=encoding):
        if limit is not None and result.position > limit:
            break
        if progress is not None:
            progress(1)
        if result.record is None:
            fail(result.position, result.error, offset=result.offset)
            continue
        control_fields = result.record.get_fields("001")
        control = (control_fields[0].data or "") if control_fields else ""
        try:
            parsed = importer.prepare(result.record, flavour)
        except RecordInvalidError as error:
            fail(result.position, str(error), control or "", result.offset)
            continue
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            # pymarc accepts records that then break the field extraction.
            fail(
                result.position,
                f"{error.__class__.__name__}: {error}",
                control or "",
                result.offset,
            )
            continue
        batch.append((result.position, result.offset, parsed))
        if len(batch) >= IMPORT_BATCH:
            flush(batch)
    flush(batch)
    return report
