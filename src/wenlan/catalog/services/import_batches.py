"""Storing parsed MARC records a batch at a time: each matched against the catalog
(control number, ISBN, title + author) and created, updated or merged; its
holdings become copies."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import ImportOutcome, ItemType
from wenlan.catalog.marc.fields import RecordFields
from wenlan.catalog.models import Item, Record, RecordIsbn
from wenlan.catalog.services.import_reading import ParsedRecord
from wenlan.network.models import Library


@dataclass
class RecordImportResult:
    outcome: str
    record: Record
    items_added: int = 0
    notes: list[str] = field(default_factory=list)


def _apply_fields(record: Record, parsed: ParsedRecord) -> None:
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
class _Pending:
    """What a batch still has to insert for one record: the record itself if it is
    new, and its new copies; `positions` are the file records stored in it."""

    record: Record
    items: list[Item] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)


class BatchImporter:
    """Imports records a batch at a time: the lookups for a whole batch (control
    numbers, ISBNs, title+author keys, barcodes) are one query each; new records and
    copies are inserted together at the end of the batch (`write_pending`), and
    changes to existing records each in their own savepoint. A batch is committed
    whole, so a crash leaves whole records only."""

    def __init__(self, *, libraries: dict[str, Library], default_library: Library | None):
        self.libraries = libraries
        self.default = default_library
        self.pending: dict[int, _Pending] = {}  # by id() of the record

    def load(self, batch: list[ParsedRecord]) -> None:
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

    def _duplicate(self, parsed: ParsedRecord) -> Record | None:
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

    def store(self, parsed: ParsedRecord) -> RecordImportResult:
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
