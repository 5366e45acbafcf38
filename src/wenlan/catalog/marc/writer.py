"""Writing records out: MARCXML (how a record is stored, lossless) and ISO 2709
in UTF-8 (leader/09 = a)."""

import re

import pymarc

MARCXML_NS = "http://www.loc.gov/MARC21/slim"
# Characters XML 1.0 cannot carry; MARC-8 conversions occasionally leave them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _text(value: str) -> str:
    if not value:
        return ""
    if _XML_ILLEGAL.search(value):
        value = _XML_ILLEGAL.sub("", value)
    return value.translate(_ESCAPES)


def to_marcxml(record: pymarc.Record) -> str:
    """One <record> in the MARC21 slim namespace (used for UNIMARC too, as the
    MARCXML convention allows). Built as a string: several times faster than
    ElementTree, which matters at a thousand records a second."""
    parts = [f'<record xmlns="{MARCXML_NS}"><leader>{_text(str(record.leader))}</leader>']
    for field in record.fields:
        tag = f'"{_text(field.tag)}"'
        if field.is_control_field():
            parts.append(f"<controlfield tag={tag}>{_text(field.data)}</controlfield>")
            continue
        ind1 = f'"{_text(field.indicator1 or " ")}"'
        ind2 = f'"{_text(field.indicator2 or " ")}"'
        parts.append(f"<datafield tag={tag} ind1={ind1} ind2={ind2}>")
        for sub in field.subfields:
            parts.append(f'<subfield code="{_text(sub.code)}">{_text(sub.value)}</subfield>')
        parts.append("</datafield>")
    parts.append("</record>")
    return "".join(parts)


def to_iso2709(record: pymarc.Record) -> bytes:
    leader = str(record.leader).ljust(24)[:24]
    record.leader = pymarc.Leader(leader[:9] + "a" + leader[10:])
    record.force_utf8 = True
    return record.as_marc()


def collection_start() -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARCXML_NS}">\n'


def collection_end() -> str:
    return "</collection>\n"
