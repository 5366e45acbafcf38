"""The reader's e-card: a QR code on the reader's phone that stands for their card
for a short time (WENLAN_ECARD_SECONDS, 60 s by default), so that a screenshot
passed around stops working within a minute.

The code holds a token `WLE1.<reader id>.<issued at>.<signature>`:

- `WLE1` says what it is and the format's version; a card number holds letters
  and digits only, so a token is never taken for one;
- the reader's id and the time it was issued (Unix seconds), both in base 62;
- an HMAC-SHA256 of everything before it, keyed with SECRET_KEY and this module's
  salt (django.core.signing, so SECRET_KEY_FALLBACKS work as for sessions),
  URL-safe base 64.

About 60 ASCII characters (letters, digits, `.`, `-`, `_`; never `|`, which
separates SIP2 fields): a version 4 QR code, 33 × 33 modules, that a phone
camera reads at arm's length. The reader's id rather than the card number: a card
number may be a national ID number, which a screenshot or a kiosk's log must not
carry. Tokens are not stored; each is checked by its signature and its age.

`patrons.selectors.card_number_resolve` is the one place that turns what a desk,
a kiosk or a door scanned into a card number."""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.errors import CardNotActiveError, EcardExpiredError, EcardInvalidError

if TYPE_CHECKING:
    from wenlan.patrons.models import Reader

PREFIX = "WLE1"
SALT = "wenlan.patrons.ecard"
# A token is ~60 characters; anything much longer is refused before it is parsed.
MAX_LENGTH = 100
# Tokens are issued and checked by several web servers and kiosks' SIP2 servers:
# one issued up to this many seconds "in the future" is another server's clock
# running ahead, not a forgery (a forger has no key).
CLOCK_SKEW_SECONDS = 2

_TOKEN = re.compile(r"WLE1\.([0-9A-Za-z]{1,11})\.([0-9A-Za-z]{1,11})\.[0-9A-Za-z_-]{43}")
# An e-card of any version, as scanned, in any case (a scanner may change it).
_ANY_ECARD = re.compile(r"\s*WLE[0-9]+\.", re.IGNORECASE)


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=".", algorithm="sha256")


def is_ecard(presented: str) -> bool:
    """Whether what was scanned or typed is meant as an e-card (valid or not)."""
    return _ANY_ECARD.match(presented) is not None


@dataclass(frozen=True)
class Ecard:
    token: str
    expires_at: dt.datetime
    lifetime: int  # seconds

    def seconds_left(self, now: dt.datetime) -> int:
        """Whole seconds it still works (rounded down: never more than it has)."""
        return max(0, math.floor((self.expires_at - now).total_seconds()))

    @property
    def refresh_before(self) -> int:
        """Seconds before expiry at which the reader's page fetches the next one."""
        return max(1, min(15, self.lifetime // 3))


def reader_card_check(*, reader: Reader, today: dt.date) -> None:
    """CardNotActiveError, saying why, unless the card may be shown and accepted:
    suspended, or past its date. (Blocks on borrowing are circulation's to judge
    at the desk: a reader who may not borrow may still come to a lecture.)"""
    if reader.status == ReaderStatus.SUSPENDED:
        raise CardNotActiveError(_("读者证已暂停使用。"))
    if reader.expiry_date < today:
        raise CardNotActiveError(
            _("读者证已于 %(date)s 过期。") % {"date": reader.expiry_date.isoformat()}
        )
    if reader.status != ReaderStatus.ACTIVE:
        raise CardNotActiveError(_("读者证已过期"))


def ecard_issue(*, reader: Reader) -> Ecard:
    """A new token for `reader`, valid WENLAN_ECARD_SECONDS from now. Refused
    (CardNotActiveError) for a card that may not be used. Nothing is stored or
    logged: the reader's page asks for one every minute."""
    now = clock.now()
    reader_card_check(reader=reader, today=clock.today())
    issued = math.floor(now.timestamp())
    value = f"{PREFIX}.{signing.b62_encode(reader.pk)}.{signing.b62_encode(issued)}"
    lifetime = settings.WENLAN_ECARD_SECONDS
    expires_at = dt.datetime.fromtimestamp(issued + lifetime, tz=dt.UTC)
    return Ecard(token=_signer().sign(value), expires_at=expires_at, lifetime=lifetime)


def ecard_reader_id(*, token: str) -> int:
    """The id of the reader an e-card stands for. EcardInvalidError for anything
    not issued by Wenlan (malformed, altered, another key or salt), EcardExpiredError
    from the first moment past its lifetime. Says nothing of the reader's card:
    the caller reads the reader and asks `reader_card_check`."""
    token = token.strip()
    match = _TOKEN.fullmatch(token) if len(token) <= MAX_LENGTH else None
    if match is None:
        raise EcardInvalidError()
    try:
        _signer().unsign(token)
    except signing.BadSignature:
        raise EcardInvalidError() from None
    age = clock.now().timestamp() - signing.b62_decode(match[2])
    if age > settings.WENLAN_ECARD_SECONDS:
        raise EcardExpiredError()
    if age < -CLOCK_SKEW_SECONDS:
        raise EcardInvalidError()
    return signing.b62_decode(match[1])


# A token in a log line keeps what it is and whose it is, and loses its signature.
_TOKEN_SIGNATURE = re.compile(r"(WLE[0-9]+\.[0-9A-Za-z]*\.[0-9A-Za-z]*\.)[0-9A-Za-z_-]+")


class EcardTokensShortened(logging.Filter):
    """Named in settings.LOGGING: no log line carries a whole e-card token, which
    could be shown again while it is valid."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "WLE" in message:
            shortened = _TOKEN_SIGNATURE.sub(r"\1…", message)
            if shortened != message:
                record.msg, record.args = shortened, None
        return True
