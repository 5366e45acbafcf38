"""SIP 2.00 messages as pure functions: parse a request, build a response, and
the error-detection trailer (AY sequence number, AZ checksum). Nothing here
touches the database; a message that cannot be parsed raises MessageError."""

import datetime as dt
import re
from dataclasses import dataclass, field

# Length of the fixed-length fields after the two-character command identifier.
FIXED_LENGTHS = {
    "93": 2,  # UID algorithm, PWD algorithm
    "99": 8,  # status code, max print width, protocol version
    "23": 21,  # language, transaction date
    "63": 31,  # language, transaction date, summary
    "11": 38,  # SC renewal policy, no block, transaction date, nb due date
    "09": 37,  # no block, transaction date, return date
    "29": 38,  # third party allowed, no block, transaction date, nb due date
    "65": 18,  # transaction date
    "17": 18,  # transaction date
    "35": 18,  # transaction date
    "97": 0,
}

# The same for the server's answers (for clients: the tests and the benchmark).
RESPONSE_FIXED_LENGTHS = {
    "94": 1, "98": 34, "24": 35, "64": 59, "12": 22, "10": 22, "30": 22, "66": 27,
    "18": 24, "36": 19, "96": 0,
}  # fmt: skip

# Fields that carry a number. Python's int() also reads full-width ("１２") and
# other scripts' digits, which no SIP2 client sends: those are refused.
NUMERIC_FIELDS = ("BP", "BQ")

_TRAILER = re.compile(rb"(?:AY([0-9])AZ|AZ)([0-9A-Fa-f]{4})$")
SIP_DATE = "%Y%m%d    %H%M%S"


class MessageError(ValueError):
    """A request this server cannot read."""

    def __init__(self, reason: str, *, code: str = ""):
        self.code = code
        super().__init__(reason)


class ChecksumError(MessageError):
    pass


def is_ascii_number(value: str) -> bool:
    return value.isascii() and value.isdigit()


def checksum(data: bytes) -> str:
    """The 3M checksum: the two's complement of the 16-bit sum of the bytes, up to
    and including "AZ", as four upper-case hex digits."""
    return f"{(-sum(data)) & 0xFFFF:04X}"


@dataclass
class Message:
    code: str
    fixed: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    sequence: str | None = None
    has_checksum: bool = False

    def get(self, field_id: str, default: str = "") -> str:
        values = self.fields.get(field_id)
        return values[0] if values else default


def parse(raw: bytes, *, lengths: dict[str, int] = FIXED_LENGTHS) -> Message:
    """One request without its line ending. Raises ChecksumError when the trailer
    does not add up, MessageError when the message is not SIP2."""
    raw = raw.rstrip(b"\r\n")
    sequence, has_checksum = None, False
    match = _TRAILER.search(raw)
    if match:
        given = match.group(2).decode().upper()
        if checksum(raw[: match.start(2)]) != given:
            raise ChecksumError("checksum mismatch", code=raw[:2].decode("ascii", "replace"))
        sequence = match.group(1).decode() if match.group(1) else None
        has_checksum = True
        raw = raw[: match.start()]
    elif b"AY" in raw[-3:-1] and raw[-1:].isdigit():
        sequence = raw[-1:].decode()
        raw = raw[:-3]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MessageError("not UTF-8") from error
    code = text[:2]
    if code not in lengths:
        raise MessageError("unknown command", code=code if code.isalnum() else "")
    length = lengths[code]
    fixed = text[2 : 2 + length]
    if len(fixed) < length:
        raise MessageError("fixed fields too short", code=code)
    variable = text[2 + length :]
    last = variable.rsplit("|", 1)[-1]
    if last.startswith(("AY", "AZ")):
        # A trailer that is not "AY" and an ASCII digit, then "AZ" and four
        # hexadecimal ASCII digits, was damaged on the way: ask for it again.
        raise ChecksumError("malformed trailer", code=code)
    fields: dict[str, list[str]] = {}
    for part in variable.split("|"):
        if len(part) >= 2:
            fields.setdefault(part[:2], []).append(part[2:])
    for field_id in NUMERIC_FIELDS:
        for value in fields.get(field_id, ()):
            if value and not is_ascii_number(value):
                raise MessageError(f"{field_id} is not a number", code=code)
    return Message(
        code=code, fixed=fixed, fields=fields, sequence=sequence, has_checksum=has_checksum
    )


def sip_date(moment: dt.datetime) -> str:
    return moment.strftime(SIP_DATE)


def clean(value: object) -> str:
    """A field value: no field separator or line ending inside."""
    return str(value).replace("|", "/").replace("\r", " ").replace("\n", " ")


def build(
    code: str,
    fixed: str = "",
    fields: list[tuple[str, object]] = (),
    *,
    sequence: str | None = None,
    with_checksum: bool = False,
) -> bytes:
    """A response with its trailer and CR. Fields whose value is None are left out."""
    text = (
        code
        + fixed
        + "".join(f"{fid}{clean(value)}|" for fid, value in fields if value is not None)
    )
    data = text.encode("utf-8")
    if with_checksum:
        data += f"AY{sequence}AZ".encode() if sequence is not None else b"AZ"
        data += checksum(data).encode()
    return data + b"\r"


def parse_response(raw: bytes) -> Message:
    return parse(raw, lengths=RESPONSE_FIXED_LENGTHS)
