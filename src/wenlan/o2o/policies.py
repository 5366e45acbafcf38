"""The 悦读 rules: values in, a decision out; no database, no clock. The till
service reads what they count after it holds the reader's and the store's locks."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from wenlan.o2o.enums import HandOnRefusal, HandOnStatus, YueduRefusal

# What the network's rules start with (a rule row's defaults as well).
DEFAULT_EXCLUDED_CLC = "G42 G62 G63 G72 G73 H319"
DEFAULT_EXCLUDED_KEYWORDS = "教材 教辅 习题 试题 真题 考试 考研 题库 练习册 辅导"

_SEPARATORS = re.compile(r"[\s,，、;；]+")


def rule_words(text: str) -> tuple[str, ...]:
    """A rule's list as staff type it: words separated by spaces, commas or semicolons."""
    return tuple(word for word in _SEPARATORS.split(text or "") if word)


@dataclass(frozen=True)
class YueduRule:
    monthly_limit: int = 2
    max_age_years: int = 2
    price_cap: Decimal = Decimal("80.00")
    max_network_copies: int = 5
    excluded_clc: tuple[str, ...] = rule_words(DEFAULT_EXCLUDED_CLC)
    excluded_keywords: tuple[str, ...] = rule_words(DEFAULT_EXCLUDED_KEYWORDS)
    budget_per_month: Decimal = Decimal("20000.00")


@dataclass(frozen=True)
class YueduAsk:
    """One till step as the rules see it, with what they count: the reader's 悦读
    loans this month, the copies the network holds, the store's spending this month."""

    price: Decimal
    title: str
    year: int | None
    clc: str
    this_year: int
    reader_loans_this_month: int
    network_copies: int
    store_spent_this_month: Decimal


@dataclass(frozen=True)
class Refusal:
    rule: YueduRefusal
    params: dict = field(default_factory=dict)


def textbook_reason(rule: YueduRule, *, title: str, clc: str) -> str | None:
    """Why a book counts as a textbook or exam guide: its CLC class or a keyword of its title."""
    clc = clc.strip().upper()
    for prefix in rule.excluded_clc:
        if clc and clc.startswith(prefix.upper()):
            return clc
    for keyword in rule.excluded_keywords:
        if keyword and keyword.lower() in title.lower():
            return keyword
    return None


def yuedu_refusal(rule: YueduRule, ask: YueduAsk) -> Refusal | None:
    """The first rule that refuses, or None. A book of unknown year passes the age
    rule (a clerk scanning a new book need not know it); the budget counts this book."""
    if ask.reader_loans_this_month >= rule.monthly_limit:
        return Refusal(
            YueduRefusal.MONTHLY_LIMIT,
            {"count": ask.reader_loans_this_month, "limit": rule.monthly_limit},
        )
    if ask.price > rule.price_cap:
        return Refusal(YueduRefusal.PRICE_CAP, {"price": ask.price, "cap": rule.price_cap})
    if ask.year is not None and ask.this_year - ask.year > rule.max_age_years:
        return Refusal(YueduRefusal.TOO_OLD, {"year": ask.year, "years": rule.max_age_years})
    reason = textbook_reason(rule, title=ask.title, clc=ask.clc)
    if reason is not None:
        return Refusal(YueduRefusal.TEXTBOOK, {"reason": reason})
    if ask.network_copies >= rule.max_network_copies:
        return Refusal(
            YueduRefusal.ENOUGH_COPIES,
            {"copies": ask.network_copies, "max": rule.max_network_copies},
        )
    left = rule.budget_per_month - ask.store_spent_this_month
    if ask.price > left:
        return Refusal(
            YueduRefusal.BUDGET, {"left": max(left, Decimal("0.00")), "price": ask.price}
        )
    return None


def period_start(day: dt.date) -> dt.date:
    """The settlement month a day falls in, as its first day."""
    return day.replace(day=1)


def period_next(period: dt.date) -> dt.date:
    return (period + dt.timedelta(days=32)).replace(day=1)


def period_parse(text: str) -> dt.date | None:
    """ "2026-11" → 2026-11-01; None for anything else."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def price_valid(price: Decimal) -> bool:
    """A price the clerk may enter: positive, in yuan and fen, under a million."""
    return (
        price.is_finite()
        and Decimal("0") < price < Decimal("1000000")
        and (price == price.quantize(Decimal("0.01")))
    )


# 悦享: how long an offer to hand a loan on stays open, and its code's letters
# (no 0/O, 1/I/L: it is read aloud and typed on a phone).
HANDON_OFFER_HOURS = 48
HANDON_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
HANDON_CODE_LENGTH = 8


def handon_code_normalise(text: str) -> str:
    """What a reader typed as a hand-on code: letters upper-cased, spaces and dashes dropped."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -\t")[:32]


def handon_status(*, status: str, expires_at: dt.datetime, now: dt.datetime) -> str:
    """The status a reader sees: an open offer past its expiry is expired."""
    if status == HandOnStatus.OPEN and expires_at <= now:
        return HandOnStatus.EXPIRED.value
    return status


def handon_offer_refusal(*, due_on: dt.date, today: dt.date, holds_waiting: bool) -> str | None:
    """Whether a loan may be offered: not once it is overdue (it comes back to a
    desk, where the lateness is settled), not while readers wait for the title."""
    if due_on < today:
        return HandOnRefusal.OVERDUE.value
    if holds_waiting:
        return HandOnRefusal.HOLDS_WAITING.value
    return None


def handon_accept_refusal(
    *,
    status: str,
    loan_open: bool,
    due_on: dt.date,
    today: dt.date,
    holds_waiting: bool,
    giver_id: int,
    receiver_id: int,
    named_receiver_id: int | None,
) -> str | None:
    """Whether `receiver_id` may take the loan an offer hands on (the receiver's
    blocks and loan limit are circulation's, asked after this)."""
    if status != HandOnStatus.OPEN or not loan_open:
        return HandOnRefusal.CLOSED.value
    if receiver_id == giver_id:
        return HandOnRefusal.SELF.value
    if named_receiver_id is not None and named_receiver_id != receiver_id:
        return HandOnRefusal.NOT_FOR_YOU.value
    return handon_offer_refusal(due_on=due_on, today=today, holds_waiting=holds_waiting)


# 悦购 at a partner bookstore: the steps a clerk (or, for a placed order, the
# reader) may take from each state of an order.
STORE_ORDER_STEPS = {
    "placed": ("ready", "cancelled"),
    "ready": ("collected", "cancelled"),
}


def store_order_step_allowed(*, current: str, to: str, by_reader: bool) -> bool:
    if by_reader:
        return current == "placed" and to == "cancelled"
    return to in STORE_ORDER_STEPS.get(current, ())


# --- 悦借: delivery orders -----------------------------------------------------

# Copies one order may ask for, by reader category (the loan limit of the
# circulation rules applies as well, counting what is already on its way).
MAX_COPIES_PER_ORDER = {"child": 3, "institution": 20}
MAX_COPIES_PER_ORDER_DEFAULT = 5

# A parcel not moved on for this long is late on the staff's queue.
LATE_AFTER = {
    "placed": dt.timedelta(hours=24),
    "picking": dt.timedelta(hours=24),
    "packed": dt.timedelta(hours=24),
    "dispatched": dt.timedelta(hours=72),
}
# A dispatched parcel whose courier reported nothing for this long is "not moving".
COURIER_QUIET_AFTER = dt.timedelta(hours=48)

# The steps a parcel may take from each status (ParcelStatus values).
PARCEL_NEXT = {
    "placed": {"picking", "cancelled"},
    "picking": {"packed", "cancelled"},
    "packed": {"dispatched", "cancelled"},
    "dispatched": {"delivered", "at_locker", "failed"},
    "at_locker": {"delivered", "uncollected"},
    "delivered": {"return_requested"},
    "return_requested": {"returned"},
}


def copies_per_order(category: str) -> int:
    return MAX_COPIES_PER_ORDER.get(category, MAX_COPIES_PER_ORDER_DEFAULT)


def parcel_step_allowed(current: str, new: str) -> bool:
    return new in PARCEL_NEXT.get(current, set())


def delivery_fee(
    *, to_pickup_point: bool, zone_fee: Decimal, free_from_books: int | None, books: int
) -> Decimal:
    """A pickup point is free; a zone charges its flat fee unless the order has at
    least `free_from_books` copies (a free zone has a fee of 0)."""
    if to_pickup_point:
        return Decimal("0.00")
    if free_from_books is not None and books >= free_from_books:
        return Decimal("0.00")
    return zone_fee.quantize(Decimal("0.01"))


def parcel_late(
    *,
    status: str,
    status_at: dt.datetime,
    now: dt.datetime,
    collect_by: dt.datetime | None = None,
) -> bool:
    """Not moved on in time; a parcel in a locker is late once its pickup deadline
    has passed (to be taken out and sent back)."""
    if status == "at_locker":
        return collect_by is not None and now > collect_by
    limit = LATE_AFTER.get(status)
    return limit is not None and now - status_at > limit


def parcel_not_moving(
    *, status: str, status_at: dt.datetime, courier_seen_at: dt.datetime | None, now: dt.datetime
) -> bool:
    """A parcel with the courier that the courier has said nothing about lately."""
    if status != "dispatched":
        return False
    return now - (courier_seen_at or status_at) > COURIER_QUIET_AFTER


def collect_deadline(*, stored_at: dt.datetime, hold_days: int) -> dt.datetime:
    return stored_at + dt.timedelta(days=hold_days)
