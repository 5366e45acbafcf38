"""The e-card's token: its shape, its lifetime to the second, and what forges or
garbles it. (Resolving what a desk scanned is patrons.selectors: test_selectors.)"""

import datetime as dt
import logging
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import signing

from wenlan.core import clock
from wenlan.patrons import ecard
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.errors import CardNotActiveError, EcardExpiredError, EcardInvalidError
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

# Whole seconds, so that "issued at" is exactly NOW.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def reader(settings):
    settings.WENLAN_ECARD_SECONDS = 60
    return ReaderFactory(card_number="330106199001011234")


def _issue(reader, at=NOW) -> ecard.Ecard:
    with clock.freeze(at):
        return ecard.ecard_issue(reader=reader)


def _read(token: str, at: dt.datetime) -> int:
    with clock.freeze(at):
        return ecard.ecard_reader_id(token=token)


def test_a_token_is_short_ascii_without_a_sip2_delimiter_and_names_no_card(reader):
    card = _issue(reader)
    assert re.fullmatch(r"WLE1\.[0-9A-Za-z]+\.[0-9A-Za-z]+\.[0-9A-Za-z_-]{43}", card.token)
    assert card.token.isascii() and "|" not in card.token
    assert len(card.token) <= 60 + len(str(reader.pk))
    assert "1234" not in card.token.split(".")[1]  # the reader's id, not the ID card number
    assert card.expires_at == NOW + dt.timedelta(seconds=60)
    assert (card.lifetime, card.seconds_left(NOW), card.refresh_before) == (60, 60, 15)
    assert _issue(reader, NOW + dt.timedelta(seconds=1)).token != card.token


def test_a_token_works_to_the_end_of_its_lifetime_and_not_a_second_longer(reader):
    token = _issue(reader).token
    assert _read(token, NOW) == reader.pk
    assert _read(token, NOW + dt.timedelta(seconds=60)) == reader.pk
    for late in (dt.timedelta(seconds=60, milliseconds=1), dt.timedelta(seconds=61)):
        with pytest.raises(EcardExpiredError):
            _read(token, NOW + late)


def test_a_token_issued_in_a_fraction_of_a_second_is_counted_from_its_whole_second(reader):
    """Never longer than its lifetime: the issue time is rounded down."""
    token = _issue(reader, NOW + dt.timedelta(milliseconds=900)).token
    with pytest.raises(EcardExpiredError):
        _read(token, NOW + dt.timedelta(seconds=60, milliseconds=500))


def test_the_lifetime_is_the_setting(reader, settings):
    settings.WENLAN_ECARD_SECONDS = 20
    token = _issue(reader).token
    assert _read(token, NOW + dt.timedelta(seconds=20)) == reader.pk
    with pytest.raises(EcardExpiredError):
        _read(token, NOW + dt.timedelta(seconds=21))


def test_a_token_from_another_servers_clock_a_little_ahead_is_accepted(reader):
    token = _issue(reader, NOW + dt.timedelta(seconds=2)).token
    assert _read(token, NOW) == reader.pk
    token = _issue(reader, NOW + dt.timedelta(seconds=10)).token
    with pytest.raises(EcardInvalidError):
        _read(token, NOW)


def _with_signature(value: str, **signer) -> str:
    return signing.Signer(sep=".", **signer).sign(value)


def test_forged_and_foreign_tokens_are_invalid(reader, settings):
    token = _issue(reader).token
    value, signature = token.rsplit(".", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    other_reader = value.replace(
        f".{signing.b62_encode(reader.pk)}.", f".{signing.b62_encode(reader.pk + 1)}."
    )
    forged = [
        f"{value}.{flipped}",
        f"{other_reader}.{signature}",  # someone else's id under this signature
        _with_signature(value, salt="wenlan.something-else"),
        _with_signature(value, salt=ecard.SALT, key="another-secret-key"),
        _with_signature(value),  # no salt
    ]
    for candidate in forged:
        with pytest.raises(EcardInvalidError):
            _read(candidate, NOW)


def test_a_token_signed_with_the_previous_secret_key_still_works(reader, settings):
    """SECRET_KEY_FALLBACKS, as for sessions: rotating the key does not refuse the
    codes on readers' screens at that moment."""
    token = _issue(reader).token
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert _read(token, NOW) == reader.pk


@pytest.mark.parametrize(
    "text",
    [
        "WLE1.",
        "WLE1...",
        "WLE1.a.b.c",
        "WLE2.1.1wShJQ." + "A" * 43,  # a version not known
        "wle1.1.1wShJQ." + "A" * 43,
        "WLE1.1.1wShJQ." + "A" * 42,
        "WLE1.1.1wShJQ." + "A" * 43 + "|AB1",
        "WLE1.1.1wShJQ.\x00" + "A" * 42,
        "WLE1.１.1wShJQ." + "A" * 43,  # a full-width digit
        "WLE1." + "A" * 1_000_000,
    ],
)
def test_malformed_tokens_are_invalid(reader, text):
    with pytest.raises(EcardInvalidError):
        _read(text, NOW)


def test_a_token_with_a_nul_byte_after_a_valid_one_is_invalid(reader):
    with pytest.raises(EcardInvalidError):
        _read(_issue(reader).token + "\x00", NOW)


def test_what_looks_like_an_ecard():
    assert ecard.is_ecard("WLE1.1.2.abc")
    assert ecard.is_ecard("  wle1.x")
    assert ecard.is_ecard("WLE7.")
    assert not ecard.is_ecard("WLE1234567")  # a card number may start with WLE
    assert not ecard.is_ecard("HZ00000001")
    assert not ecard.is_ecard("")


@pytest.mark.parametrize(
    ("status", "expiry", "message"),
    [
        (ReaderStatus.SUSPENDED, dt.date(2029, 1, 1), "读者证已暂停使用。"),
        (ReaderStatus.ACTIVE, dt.date(2026, 11, 24), "读者证已于 2026-11-24 过期。"),
        (ReaderStatus.EXPIRED, dt.date(2029, 1, 1), "读者证已过期"),
    ],
)
def test_no_ecard_for_a_card_that_may_not_be_used(reader, status, expiry, message):
    reader.status, reader.expiry_date = status, expiry
    with pytest.raises(CardNotActiveError, match=message):
        _issue(reader)


def test_a_card_that_expires_today_still_works_today(reader):
    reader.expiry_date = NOW.date()
    assert _issue(reader).token.startswith("WLE1.")


def test_log_lines_keep_no_whole_token(reader, caplog):
    token = _issue(reader).token
    record = logging.LogRecord(
        "django.server",
        logging.WARNING,
        __file__,
        1,
        '"GET /x/?card=%s HTTP/1.1" 422',
        (token,),
        None,
    )
    assert ecard.EcardTokensShortened().filter(record) is True
    prefix = token.rsplit(".", 1)[0]
    assert record.getMessage() == f'"GET /x/?card={prefix}.… HTTP/1.1" 422'
    plain = logging.LogRecord("x", logging.WARNING, __file__, 1, "card %s", ("HZ0001",), None)
    ecard.EcardTokensShortened().filter(plain)
    assert plain.getMessage() == "card HZ0001"


def test_the_configured_logging_shortens_tokens(reader):
    """settings.LOGGING puts the filter on the console handler every log line goes to."""
    token = _issue(reader).token
    console = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, ecard.EcardTokensShortened) for f in handler.filters)
    ]
    assert len(console) == 1
    record = logging.LogRecord("wenlan", logging.WARNING, __file__, 1, "scanned %s", (token,), None)
    assert console[0].filter(record)
    assert record.getMessage() == "scanned " + token.rsplit(".", 1)[0] + ".…"
