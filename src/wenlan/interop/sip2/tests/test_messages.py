"""The parser and builder against raw messages from the 3M SIP2 developers'
guide and from other SIP2 implementations, and property-based tests."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenlan.interop.sip2.messages import (
    FIXED_LENGTHS,
    ChecksumError,
    MessageError,
    build,
    checksum,
    parse,
)

DATE = "20261125    100000"
# (message up to and including "AZ", checksum) — the 3M guide's SC status example
# (p. 26) and messages other clients send.
KNOWN = [
    (b"990 402.00AY1AZ", "FCB4"),
    (b"97AZ", "FEF5"),
    (b"941AY3AZ", "FDFA"),
    (b"990401.00|AY1AZ", "FC59"),
    (b"9300CNLoginUserID|COLoginPassword|CPLocationCode|AY5AZ", "EC7B"),
    (
        b"09N19980821    085721                  APCertification Terminal Location|"
        b"AOCertification Institute ID|ABCheckInBook|ACTPWord|BIN|AY2AZ",
        "D6A5",
    ),
]


@pytest.mark.parametrize(("data", "expected"), KNOWN)
def test_checksum_of_known_messages(data, expected):
    assert checksum(data) == expected


def test_parse_the_guides_sc_status():
    message = parse(b"990 402.00AY1AZFCB4")
    assert (message.code, message.fixed, message.sequence, message.has_checksum) == (
        "99",
        "0 402.00",
        "1",
        True,
    )


def test_parse_login_fields():
    message = parse(b"9300CNLoginUserID|COLoginPassword|CPLocationCode|AY5AZEC7B\r")
    assert message.fields == {
        "CN": ["LoginUserID"],
        "CO": ["LoginPassword"],
        "CP": ["LocationCode"],
    }
    assert message.sequence == "5"


def test_the_login_example_as_printed_in_the_guide_fails_its_checksum():
    # The guide prints EC78; the bytes add up to EC7B, as other clients compute.
    with pytest.raises(ChecksumError):
        parse(b"9300CNLoginUserID|COLoginPassword|CPLocationCode|AY5AZEC78")


def test_parse_checkin_with_empty_return_date():
    message = parse(
        b"09N19980821    085721                  APCertification Terminal Location|"
        b"AOCertification Institute ID|ABCheckInBook|ACTPWord|BIN|AY2AZD6A5"
    )
    assert message.code == "09"
    assert message.get("AB") == "CheckInBook"
    assert message.get("AP") == "Certification Terminal Location"


def test_messages_without_error_detection_are_accepted():
    message = parse(b"2300119980723    094240AOCertification Institute ID|AAPatronID|AC|AD|")
    assert (message.get("AA"), message.sequence, message.has_checksum) == ("PatronID", None, False)


@pytest.mark.parametrize(
    "raw",
    [b"", b"X", b"ZZ123", b"11YN2026", b"\xff\xfe00", b"23001"],
)
def test_malformed_messages_raise_message_error(raw):
    with pytest.raises(MessageError):
        parse(raw)


def test_build_adds_sequence_checksum_and_cr():
    data = build("94", "1", sequence="3", with_checksum=True)
    assert data == b"941AY3AZFDFA\r"


def test_build_leaves_out_empty_fields_and_escapes_separators():
    data = build("36", "Y", [("AO", "HZ"), ("AA", None), ("AF", "a|b")])
    assert data == b"36YAOHZ|AFa/b|\r"


field_value = st.text(
    alphabet=st.characters(blacklist_characters="|\r\n", blacklist_categories=("Cs",)),
    max_size=40,
)
field_id = st.sampled_from(["AA", "AB", "AO", "AF", "AJ", "CN", "CO", "CP"])


@given(
    code=st.sampled_from(sorted(c for c in FIXED_LENGTHS if c != "97")),
    fields=st.lists(st.tuples(field_id, field_value), max_size=6),
    sequence=st.sampled_from([None, *"0123456789"]),
    data=st.data(),
)
def test_build_then_parse_round_trips(code, fields, sequence, data):
    fixed = data.draw(
        st.text(
            alphabet="YN 0123456789", min_size=FIXED_LENGTHS[code], max_size=FIXED_LENGTHS[code]
        )
    )
    raw = build(code, fixed, fields, sequence=sequence, with_checksum=True)
    message = parse(raw)
    assert (message.code, message.fixed, message.sequence) == (code, fixed, sequence)
    expected: dict[str, list[str]] = {}
    for fid, value in fields:
        expected.setdefault(fid, []).append(value)
    assert message.fields == expected


@given(st.binary(max_size=200))
def test_parse_never_fails_with_anything_but_message_error(raw):
    with contextlib.suppress(MessageError):
        parse(raw)


@given(st.binary(min_size=1, max_size=60), st.integers(min_value=0, max_value=59))
def test_a_changed_byte_is_caught_by_the_checksum(body, position):
    raw = build(
        "17", "20261125    100000", [("AB", body.hex())], sequence="1", with_checksum=True
    ).rstrip(b"\r")
    # Change a byte of the message proper (a damaged trailer is the server's
    # business: a connection that sent checksums must keep sending them).
    position = position % (len(raw) - 9)
    changed = bytearray(raw)
    changed[position] = (changed[position] + 1) % 256
    with pytest.raises(MessageError):
        parse(bytes(changed))


def _with_checksum(body: bytes) -> bytes:
    data = body + b"AY1AZ"
    return data + checksum(data).encode()


@pytest.mark.parametrize(
    "value",
    ["１２", "١٢", "۱۲", "१२", "²", "1２", "-1", "+3", " 1", "1_0"],
)
def test_numbers_must_be_ascii_digits(value):
    """Python's int() reads '１２' and '١٢' as 12: the server would have run with them."""
    raw = _with_checksum(f"63019{DATE}          AOHZ|AAHZ1|BP{value}|BQ5|".encode())
    with pytest.raises(MessageError) as caught:
        parse(raw)
    assert (type(caught.value), caught.value.code) == (MessageError, "63")


def test_ascii_digits_are_read():
    message = parse(_with_checksum(f"63019{DATE}          AOHZ|AAHZ1|BP1|BQ20|".encode()))
    assert (message.get("BP"), message.get("BQ")) == ("1", "20")


@pytest.mark.parametrize(
    "raw",
    [
        "9900302.00AZ１２３４".encode(),  # full-width digits
        b"9900302.00AY1AZ12G4",  # not hexadecimal
        b"9900302.00|AZ12",  # too short
        b"9900302.00AY1AZ123",
        b"9900302.00AY1AZ",
    ],
)
def test_a_checksum_that_is_not_four_hex_digits_is_a_checksum_error(raw):
    """Before, these were read as messages without error detection."""
    with pytest.raises(ChecksumError) as caught:
        parse(raw)
    assert caught.value.code == "99"


@pytest.mark.parametrize("raw", ["9900302.00AY５".encode(), b"9900302.00|AYx", b"9900302.00AY12"])
def test_a_sequence_number_that_is_not_one_ascii_digit_is_a_damaged_trailer(raw):
    with pytest.raises(ChecksumError) as caught:
        parse(raw)
    assert caught.value.code == "99"


@given(
    value=st.text(
        alphabet=st.characters(blacklist_characters="|\r\n", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=6,
    )
)
def test_a_number_field_is_read_only_when_it_is_ascii_digits(value):
    raw = _with_checksum(f"63019{DATE}          AOHZ|BQ{value}|".encode())
    if value.isascii() and value.isdigit():
        assert parse(raw).get("BQ") == value
    else:
        with pytest.raises(MessageError):
            parse(raw)


def test_the_system_check_names_unknown_patron_fields(settings):
    from wenlan.interop.sip2.checks import sip2_patron_fields

    settings.WENLAN_SIP2_PATRON_FIELDS = ["name", "address", "birthday"]
    assert [(e.id, e.msg) for e in sip2_patron_fields(None)] == [
        ("sip2.E001", "WENLAN_SIP2_PATRON_FIELDS names address, birthday: no such field is sent.")
    ]
    settings.WENLAN_SIP2_PATRON_FIELDS = ["name", "phone", "email"]
    assert sip2_patron_fields(None) == []
