"""Reading a MARC file for import: each record decoded, its fields taken and its
MARCXML written (the CPU-bound part, run in worker processes that never touch the
database), or the reason it cannot be."""

import functools
import hashlib
import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass

import pymarc
from django.utils.translation import gettext as _

from wenlan.catalog.errors import RecordInvalidError
from wenlan.catalog.marc.fields import RecordFields, extract
from wenlan.catalog.marc.reader import RawRecord, decode, detect_flavour
from wenlan.catalog.marc.writer import iso2709_oversize, to_marcxml
from wenlan.core.iterables import chunked
from wenlan.core.text import match_key


@dataclass
class ImportFailure:
    position: int
    reason: str
    control_number: str = ""
    offset: int | None = None


@dataclass
class ParsedRecord:
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


def record_parse(marc: pymarc.Record, flavour: str | None) -> ParsedRecord:
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
    return ParsedRecord(fields, marc_xml, fingerprint, _record_key(fields))


@dataclass(frozen=True)
class FileReading:
    """How a file's records are read: its format (marc21, unimarc, marcxml), the
    flavour to map them by (None: told by each record's tags), the encoding."""

    fmt: str
    flavour: str | None
    encoding: str


def _prepare(raw: RawRecord, reading: FileReading) -> ParsedRecord | ImportFailure:
    """One record of a file, decoded, mapped and serialised, or why it cannot be."""
    result = decode(raw, fmt=reading.fmt, encoding=reading.encoding)
    if result.record is None:
        return ImportFailure(raw.position, result.error[:300], offset=raw.offset)
    control_fields = result.record.get_fields("001")
    control = (control_fields[0].data or "") if control_fields else ""
    try:
        parsed = record_parse(result.record, reading.flavour)
    except RecordInvalidError as error:
        return ImportFailure(raw.position, str(error)[:300], control, raw.offset)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        # pymarc accepts records that then break the field extraction.
        reason = f"{error.__class__.__name__}: {error}"
        return ImportFailure(raw.position, reason[:300], control, raw.offset)
    parsed.position, parsed.offset = raw.position, raw.offset
    return parsed


def _prepare_chunk(chunk: list[RawRecord], reading: FileReading) -> list:
    return [_prepare(raw, reading) for raw in chunk]


PREPARE_CHUNK = 100


def records_prepared(
    raws: Iterator[RawRecord], reading: FileReading, *, workers: int
) -> Iterator[ParsedRecord | ImportFailure]:
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
