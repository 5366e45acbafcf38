"""Reading MARC files record by record, so that one broken record is reported with
its position and skipped while the rest are read: ISO 2709 (MARC21 in UTF-8 or
MARC-8, UNIMARC/CNMARC in UTF-8 or GBK/GB18030) and MARCXML in any namespace
(MARC21 slim, UNIMARC XML, CNMARC XML, records wrapped in SRU responses).

Reading is two steps: `split_file` cuts a file into each record's bytes (cheap),
`decode` turns those bytes into a pymarc record (the cost), so that an import can
decode in worker processes; `read_file` does both, one record after another."""

import io
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymarc

from wenlan.catalog.enums import MarcFlavour

RECORD_TERMINATOR = b"\x1d"
FIELD_TERMINATOR = b"\x1e"

# "auto" reads UTF-8 when the bytes are valid UTF-8 and otherwise GB18030 (a
# superset of GBK and GB2312) for UNIMARC, MARC-8 for MARC21 (leader/09 blank).
AUTO = "auto"


@dataclass(frozen=True)
class ReadResult:
    position: int  # 1-based position of the record in the file
    record: pymarc.Record | None
    error: str = ""
    offset: int | None = None  # byte offset in an ISO 2709 file


def sniff_format(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "marcxml" if head.startswith(b"<") else "iso2709"


@dataclass(frozen=True)
class RawRecord:
    """One record's bytes as cut from a file, not yet decoded."""

    position: int  # 1-based position of the record in the file
    data: bytes  # ISO 2709, or one MARCXML <record> element
    offset: int | None = None  # byte offset in an ISO 2709 file
    error: str = ""  # set when the file could not be read on from here


def _raw_records(stream: io.BufferedReader) -> Iterator[tuple[int, bytes]]:
    """Yield (offset, bytes) for each record: split on the record terminator, so a
    wrong length in one leader does not derail the records after it."""
    buffer = b""
    offset = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        buffer += chunk
        start = 0
        while (end := buffer.find(RECORD_TERMINATOR, start)) >= 0:
            raw = buffer[start : end + 1]
            start = end + 1
            stripped = raw.lstrip(b"\r\n \t")
            yield offset + (len(raw) - len(stripped)), stripped
            offset += len(raw)
        buffer = buffer[start:]
    rest = buffer.strip()
    if rest:
        yield offset, rest


def _decode_iso2709(raw: bytes, *, flavour: str, encoding: str) -> pymarc.Record:
    if len(raw) < 25 or not raw[:5].isdigit():
        raise ValueError("bad leader: record length is not a number")
    declared = int(raw[:5])
    if declared != len(raw):
        raise ValueError(
            f"wrong record length: leader says {declared}, record has {len(raw)} bytes"
        )
    if not raw[12:17].isdigit():
        raise ValueError("bad leader: base address is not a number")
    if problem := directory_problem(raw):
        raise ValueError(problem)
    leader9 = chr(raw[9])
    if encoding == AUTO:
        if flavour == MarcFlavour.MARC21 and leader9 != "a":
            file_encoding, force_utf8 = "iso8859-1", False  # pymarc reads this as MARC-8
        else:
            try:
                raw.decode("utf-8")
                file_encoding, force_utf8 = "utf-8", True
            except UnicodeDecodeError:
                file_encoding, force_utf8 = "gb18030", False
    else:
        file_encoding = encoding
        force_utf8 = encoding.replace("-", "").lower() == "utf8"
    with warnings.catch_warnings():
        warnings.simplefilter("error", pymarc.exceptions.BadSubfieldCodeWarning)
        try:
            record = pymarc.Record(
                data=raw,
                to_unicode=True,
                force_utf8=force_utf8,
                utf8_handling="strict",
                file_encoding=file_encoding,
            )
        except pymarc.exceptions.BadSubfieldCodeWarning as warning:
            raise ValueError(f"bad encoding: {warning}") from warning
    if not record.fields:
        raise ValueError("record has no fields")
    return record


def directory_problem(raw: bytes) -> str | None:
    """Why the directory of an ISO 2709 record does not describe its data, or None.
    pymarc cuts the fields where the directory says, so a wrong length would
    otherwise swallow the next field or cut one in half, without a word."""
    base = int(raw[12:17])
    if not 25 <= base <= len(raw) - 1 or raw[base - 1 : base] != FIELD_TERMINATOR:
        return f"bad leader: base address {base} is not the end of the directory"
    directory = raw[24 : base - 1]
    if len(directory) % 12:
        return f"directory of {len(directory)} bytes is not made of 12-byte entries"
    data = raw[base:-1]
    expected = 0
    for start in range(0, len(directory), 12):
        entry = directory[start : start + 12]
        tag = entry[:3].decode("ascii", "replace")
        if not entry[3:].isdigit():
            return f"directory entry {start // 12 + 1} ({tag}) has no length and position"
        length, position = int(entry[3:7]), int(entry[7:12])
        field = data[position : position + length]
        if len(field) != length or not field.endswith(FIELD_TERMINATOR):
            return (
                f"directory entry {start // 12 + 1} ({tag}) says {length} bytes at"
                f" {position}, which is not one field of the data"
            )
        if FIELD_TERMINATOR in field[:-1]:
            return (
                f"directory entry {start // 12 + 1} ({tag}) says {length} bytes at"
                f" {position}, which covers more than one field"
            )
        expected = max(expected, position + length)
    if expected != len(data):
        return f"the directory describes {expected} bytes of data, the record has {len(data)}"
    return None


def _split_iso2709(path: Path) -> Iterator[RawRecord]:
    with open(path, "rb") as stream:
        for position, (offset, raw) in enumerate(_raw_records(stream), start=1):
            yield RawRecord(position, raw, offset)


def _decode(raw: bytes, *, fmt: str, encoding: str) -> pymarc.Record:
    if fmt == "marcxml":
        return element_to_record(ET.fromstring(raw))
    return _decode_iso2709(raw, flavour=fmt, encoding=encoding)


def decode(raw: RawRecord, *, fmt: str, encoding: str = AUTO) -> ReadResult:
    """The record in `raw`, or the reason it cannot be read."""
    if raw.error:
        return ReadResult(raw.position, None, raw.error, raw.offset)
    try:
        record = _decode(raw.data, fmt=fmt, encoding=encoding)
    except (
        ValueError,
        TypeError,
        LookupError,
        IndexError,
        ET.ParseError,
        pymarc.exceptions.PymarcException,
    ) as error:
        # UnicodeDecodeError is a ValueError; pymarc raises plain ValueError and
        # IndexError on a directory that points past the data.
        return ReadResult(raw.position, None, _short(error), raw.offset)
    return ReadResult(raw.position, record, "", raw.offset)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def element_to_record(element: ET.Element) -> pymarc.Record:
    record = pymarc.Record(force_utf8=True)
    for child in element:
        name = _local(child.tag)
        if name == "leader":
            leader = (child.text or "").replace("-", " ")
            record.leader = pymarc.Leader(leader.ljust(24)[:24])
        elif name == "controlfield":
            record.add_field(pymarc.Field(tag=child.get("tag", ""), data=child.text or ""))
        elif name == "datafield":
            subfields = [
                pymarc.Subfield(code=sub.get("code", ""), value=sub.text or "")
                for sub in child
                if _local(sub.tag) == "subfield"
            ]
            record.add_field(
                pymarc.Field(
                    tag=child.get("tag", ""),
                    indicators=pymarc.Indicators(
                        child.get("ind1", " ") or " ", child.get("ind2", " ") or " "
                    ),
                    subfields=subfields,
                )
            )
    return record


def _is_marc_record(element: ET.Element) -> bool:
    return _local(element.tag) == "record" and any(
        _local(child.tag) in {"leader", "controlfield", "datafield"} for child in element
    )


def _split_marcxml(path: Path) -> Iterator[RawRecord]:
    position = 0
    try:
        for _event, element in ET.iterparse(path, events=("end",)):
            if not _is_marc_record(element):
                continue
            position += 1
            yield RawRecord(position, ET.tostring(element))
            element.clear()
    except ET.ParseError as error:
        yield RawRecord(position + 1, b"", error=f"XML is not well-formed: {error}")


def record_from_marcxml(text: str) -> pymarc.Record:
    root = ET.fromstring(text)
    if _is_marc_record(root):
        return element_to_record(root)
    for element in root.iter():
        if _is_marc_record(element):
            return element_to_record(element)
    raise ValueError("no MARC record in the XML")


def detect_flavour(record: pymarc.Record) -> str:
    """UNIMARC keeps the title in 200 and has no 245; MARC21 the other way round."""
    tags = {field.tag for field in record.fields}
    if "245" in tags:
        return MarcFlavour.MARC21
    if "200" in tags and any(f.tag == "200" and not f.is_control_field() for f in record.fields):
        return MarcFlavour.UNIMARC
    return MarcFlavour.MARC21


def _short(error: Exception) -> str:
    text = str(error) or error.__class__.__name__
    return text if len(text) <= 300 else text[:297] + "..."


def file_format(path: Path, fmt: str | None) -> str:
    """`fmt` is marc21, unimarc or marcxml; None sniffs XML vs ISO 2709 (MARC21)."""
    if fmt is None:
        return "marcxml" if sniff_format(path) == "marcxml" else MarcFlavour.MARC21
    return fmt


def split_file(path: Path, *, fmt: str) -> Iterator[RawRecord]:
    return _split_marcxml(path) if fmt == "marcxml" else _split_iso2709(path)


def read_file(path: Path, *, fmt: str | None = None, encoding: str = AUTO) -> Iterator[ReadResult]:
    fmt = file_format(path, fmt)
    for raw in split_file(path, fmt=fmt):
        yield decode(raw, fmt=fmt, encoding=encoding)
