"""Writing records out: MARCXML (how a record is stored, lossless) and ISO 2709
in UTF-8 (leader/09 = a)."""

import re
from dataclasses import dataclass

import pymarc

MARCXML_NS = "http://www.loc.gov/MARC21/slim"
# Characters XML 1.0 cannot carry; MARC-8 conversions occasionally leave them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def to_marcxml(record: pymarc.Record) -> str:
    """One <record> in the MARC21 slim namespace (used for UNIMARC too, as the
    MARCXML convention allows). Built as a string: several times faster than
    ElementTree, which matters at a thousand records a second. Characters XML
    cannot carry are dropped from the whole record at once (the markup has none)."""
    esc = _ESCAPES
    parts = [f'<record xmlns="{MARCXML_NS}"><leader>{str(record.leader).translate(esc)}</leader>']
    for field in record.fields:
        tag = field.tag.translate(esc)
        if field.is_control_field():
            parts.append(
                f'<controlfield tag="{tag}">{(field.data or "").translate(esc)}</controlfield>'
            )
            continue
        ind1 = (field.indicator1 or " ").translate(esc)
        ind2 = (field.indicator2 or " ").translate(esc)
        parts.append(f'<datafield tag="{tag}" ind1="{ind1}" ind2="{ind2}">')
        for sub in field.subfields:
            code, value = sub.code.translate(esc), (sub.value or "").translate(esc)
            parts.append(f'<subfield code="{code}">{value}</subfield>')
        parts.append("</datafield>")
    parts.append("</record>")
    xml = "".join(parts)
    return _XML_ILLEGAL.sub("", xml) if _XML_ILLEGAL.search(xml) else xml


# ISO 2709 writes a field's length in four digits and the record's in five.
MAX_FIELD_BYTES = 9_999
MAX_RECORD_BYTES = 99_999


class RecordTooLongError(ValueError):
    """The record does not fit in ISO 2709 even with its long fields split."""


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def _pieces(value: str, limit: int) -> list[str]:
    """`value` cut at character boundaries into pieces of at most `limit` bytes."""
    pieces, current, size = [], [], 0
    for char in value:
        width = _utf8_size(char)
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return pieces


def _split_field(field: pymarc.Field) -> list[pymarc.Field]:
    """A field too long for ISO 2709 as several fields of the same tag, each
    within the limit: subfields are kept whole where they fit, and a subfield
    longer than a field is cut into consecutive subfields with its code."""
    if field.is_control_field():
        limit = MAX_FIELD_BYTES - 1  # the field terminator
        return [pymarc.Field(tag=field.tag, data=p) for p in _pieces(field.data or "", limit)]
    overhead = 2 + 1  # indicators and the field terminator
    limit = MAX_FIELD_BYTES - overhead
    subfields: list[pymarc.Subfield] = []
    for sub in field.subfields:
        code_size = 1 + _utf8_size(sub.code)  # the delimiter and the code
        for piece in _pieces(sub.value or "", limit - code_size):
            subfields.append(pymarc.Subfield(code=sub.code, value=piece))
    fields: list[pymarc.Field] = []
    current: list[pymarc.Subfield] = []
    size = 0
    for sub in subfields:
        width = 1 + _utf8_size(sub.code) + _utf8_size(sub.value)
        if current and size + width > limit:
            fields.append(current)
            current, size = [], 0
        current.append(sub)
        size += width
    fields.append(current)
    return [
        pymarc.Field(tag=field.tag, indicators=field.indicators, subfields=subs) for subs in fields
    ]


def to_iso2709(record: pymarc.Record) -> bytes:
    """The record in ISO 2709, UTF-8. A field over 9,999 bytes is written as
    several fields of its tag; a record still over 99,999 bytes cannot be written
    (its leader could not say its length) and raises RecordTooLongError."""
    leader = str(record.leader).ljust(24)[:24]
    out = pymarc.Record(force_utf8=True, leader=pymarc.Leader(leader[:9] + "a" + leader[10:]))
    for field in record.fields:
        if len(field.as_marc(encoding="utf-8")) > MAX_FIELD_BYTES:
            out.add_field(*_split_field(field))
        else:
            out.add_field(field)
    data = out.as_marc()
    if len(data) > MAX_RECORD_BYTES:
        raise RecordTooLongError(
            f"record of {len(data)} bytes is over the {MAX_RECORD_BYTES} that ISO 2709 can hold"
        )
    return data


@dataclass(frozen=True)
class Oversize:
    """What makes a record too long for ISO 2709: a field (its tag) or the whole
    record (tag None), and its size in bytes."""

    tag: str | None
    size: int


def iso2709_oversize(record: pymarc.Record) -> Oversize | None:
    """A field over 9,999 bytes or a record over 99,999 bytes in ISO 2709, or None."""
    total = 24 + 1 + 1  # leader, directory terminator, record terminator
    for field in record.fields:
        size = len(field.as_marc(encoding="utf-8"))
        if size > MAX_FIELD_BYTES:
            return Oversize(field.tag, size)
        total += size + 12
    return Oversize(None, total) if total > MAX_RECORD_BYTES else None


def collection_start() -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARCXML_NS}">\n'


def collection_end() -> str:
    return "</collection>\n"
