"""Circulation rules as pure functions: which policy applies, due dates that skip
closed days, overdue penalties, blocks, pseudonyms. No database here."""

import datetime as dt
import hashlib
import hmac
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from wenlan.circulation.enums import BlockKind, OverdueRule, RenewalBase
from wenlan.network.policies import DayException, Period, periods_on

DUE_DATE_HORIZON_DAYS = 60


@dataclass(frozen=True)
class PolicyRule:
    library_id: int | None = None
    reader_category: str = ""
    item_type: str = ""
    loanable: bool = True
    loan_days: int = 30
    max_loans: int = 10
    renewals: int = 1
    renewal_base: str = RenewalBase.DUE_DATE
    holds_allowed: bool = True
    hold_shelf_days: int = 7
    max_overdue: int = 1
    overdue_rule: str = OverdueRule.SUSPENSION
    fine_per_day: Decimal = Decimal("0.00")
    fine_cap: Decimal = Decimal("0.00")
    suspension_days_per_day: int = 1


# When no row of the matrix matches: the Hangzhou practice (free, 30 days, 10 books).
DEFAULT_RULE = PolicyRule()


def _specificity(rule: PolicyRule) -> int:
    return (
        (4 if rule.library_id is not None else 0)
        + (2 if rule.reader_category else 0)
        + (1 if rule.item_type else 0)
    )


def policy_resolve(
    rules: Iterable[PolicyRule], *, library_id: int | None, reader_category: str, item_type: str
) -> PolicyRule:
    """The most specific matching rule: a library's own rule beats the network's,
    then a reader category beats "any", then an item type beats "any"."""
    best, best_score = DEFAULT_RULE, -1
    for rule in rules:
        if rule.library_id is not None and rule.library_id != library_id:
            continue
        if rule.reader_category and rule.reader_category != reader_category:
            continue
        if rule.item_type and rule.item_type != item_type:
            continue
        score = _specificity(rule)
        if score > best_score:
            best, best_score = rule, score
    return best


def is_open_day(
    day: dt.date, weekly: dict[int, list[Period]], exceptions: dict[dt.date, DayException]
) -> bool:
    return bool(periods_on(day, weekly, exceptions))


def next_open_day(
    day: dt.date, is_open: Callable[[dt.date], bool], *, horizon: int = DUE_DATE_HORIZON_DAYS
) -> dt.date:
    """`day` itself if the library opens then, else the next day it opens; a
    library with no opening day in the horizon keeps `day` (nothing to move to)."""
    for offset in range(horizon + 1):
        candidate = day + dt.timedelta(days=offset)
        if is_open(candidate):
            return candidate
    return day


def due_date(*, start: dt.date, days: int, is_open: Callable[[dt.date], bool]) -> dt.date:
    return next_open_day(start + dt.timedelta(days=days), is_open)


def renewal_due_date(
    rule: PolicyRule, *, due_on: dt.date, today: dt.date, is_open: Callable[[dt.date], bool]
) -> dt.date:
    """The due date a renewal gives: a loan period counted from the old due date
    (the default) or from the day of renewing, as the rule says."""
    start = today if rule.renewal_base == RenewalBase.TODAY else due_on
    return due_date(start=start, days=rule.loan_days, is_open=is_open)


@dataclass(frozen=True)
class RenewalWindow:
    """The days on which a loan may be renewed, both included."""

    opens_on: dt.date
    closes_on: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on


def renewal_window(*, due_on: dt.date, window_days: int) -> RenewalWindow:
    """From `window_days` before the due date up to the due date itself: an
    overdue copy is returned, not renewed."""
    return RenewalWindow(opens_on=due_on - dt.timedelta(days=window_days), closes_on=due_on)


@dataclass(frozen=True)
class RenewalOutlook:
    """Whether a loan can be renewed on a day, and why not when it cannot."""

    window: RenewalWindow
    refusal: str = ""

    @property
    def allowed(self) -> bool:
        return not self.refusal


def renewal_outlook(
    rule: PolicyRule,
    *,
    due_on: dt.date,
    renewals_done: int,
    today: dt.date,
    window_days: int,
    others_waiting: bool,
) -> RenewalOutlook:
    """The loan's own reasons (the reader's blocks are checked apart)."""
    window = renewal_window(due_on=due_on, window_days=window_days)
    if renewals_done >= rule.renewals:
        if rule.renewals == 0:
            return RenewalOutlook(window, str(_("此类图书不能续借。")))
        return RenewalOutlook(
            window, str(_("已续借 %(n)s 次，不能再续借。") % {"n": renewals_done})
        )
    if others_waiting:
        return RenewalOutlook(window, str(_("有其他读者在预约此书，不能续借。")))
    if today < window.opens_on:
        return RenewalOutlook(
            window,
            str(_("%(date)s 起才能续借。") % {"date": window.opens_on.isoformat()}),
        )
    if today > window.closes_on:
        return RenewalOutlook(window, str(_("已逾期，不能续借，请尽快归还。")))
    return RenewalOutlook(window)


@dataclass(frozen=True)
class PullCandidate:
    """A library with copies of the title on its shelves, as a pull list sees it."""

    library_id: int
    latitude: float | None
    longitude: float | None
    busy: int  # holds already on its pull list
    spare_copies: int  # copies on its shelves no pending pull has claimed


def pull_libraries_ordered(
    candidates: Iterable[PullCandidate],
    *,
    pickup_library_id: int,
    pickup_latitude: float | None,
    pickup_longitude: float | None,
) -> list[PullCandidate]:
    """Libraries that can fill a hold, best first: the pickup library itself, then
    the nearest to it, then the least busy. A library without coordinates comes
    after those with them."""

    def key(candidate: PullCandidate):
        if candidate.library_id == pickup_library_id:
            distance = 0.0
        elif None in (
            pickup_latitude,
            pickup_longitude,
            candidate.latitude,
            candidate.longitude,
        ):
            distance = math.inf
        else:
            distance = distance_km(
                pickup_latitude, pickup_longitude, candidate.latitude, candidate.longitude
            )
        return (distance, candidate.busy, candidate.library_id)

    return sorted((c for c in candidates if c.spare_copies > 0), key=key)


def days_overdue(*, due_on: dt.date, on: dt.date) -> int:
    return max(0, (on - due_on).days)


@dataclass(frozen=True)
class Penalty:
    fine: Decimal = Decimal("0.00")
    suspension_days: int = 0


def overdue_penalty(rule: PolicyRule, *, days_late: int) -> Penalty:
    if days_late <= 0:
        return Penalty()
    if rule.overdue_rule == OverdueRule.FINE:
        amount = rule.fine_per_day * days_late
        if rule.fine_cap > 0:
            amount = min(amount, rule.fine_cap)
        return Penalty(fine=amount.quantize(Decimal("0.01")))
    return Penalty(suspension_days=days_late * rule.suspension_days_per_day)


def suspension_until(*, today: dt.date, days: int, current: dt.date | None) -> dt.date:
    """Suspensions add up: a second late return extends the one already running."""
    start = max(today, current) if current else today
    return start + dt.timedelta(days=days)


@dataclass(frozen=True)
class BlockReason:
    kind: str
    message: str
    until: dt.date | None = None
    block_id: int | None = None


@dataclass(frozen=True)
class StoredBlock:
    id: int
    kind: str
    reason: str
    until: dt.date | None


def block_reasons(
    *,
    today: dt.date,
    card_expiry: dt.date,
    card_active: bool,
    overdue_count: int,
    max_overdue: int,
    fines_owed: Decimal,
    fine_limit: Decimal,
    stored: Iterable[StoredBlock] = (),
) -> list[BlockReason]:
    """Every reason the reader may not borrow now, in the order the desk shows them."""
    reasons: list[BlockReason] = []
    if not card_active:
        reasons.append(BlockReason(BlockKind.CARD_INACTIVE, str(BlockKind.CARD_INACTIVE.label)))
    if card_expiry < today:
        reasons.append(
            BlockReason(
                BlockKind.CARD_EXPIRED,
                str(_("读者证已于 %(date)s 过期。") % {"date": card_expiry.isoformat()}),
                until=card_expiry,
            )
        )
    if overdue_count >= max_overdue:
        reasons.append(
            BlockReason(
                BlockKind.TOO_MANY_OVERDUE,
                str(_("有 %(n)s 册图书逾期未还。") % {"n": overdue_count}),
            )
        )
    if fine_limit > 0 and fines_owed >= fine_limit:
        reasons.append(
            BlockReason(
                BlockKind.FINES, str(_("欠款 %(amount)s 元未结清。") % {"amount": fines_owed})
            )
        )
    for block in stored:
        if block.until is not None and block.until < today:
            continue
        if block.kind == BlockKind.SUSPENSION:
            message = _("逾期停借至 %(date)s。") % {"date": block.until.isoformat()}
        else:
            message = block.reason or BlockKind.MANUAL.label
        reasons.append(BlockReason(block.kind, str(message), until=block.until, block_id=block.id))
    return reasons


def blocked_message(reasons: list[BlockReason]) -> str:
    return str(
        _("该读者暂不能借书：%(reasons)s")
        % {"reasons": str(_("；")).join(r.message for r in reasons)}
    )


def reader_pseudonym(*, secret: str, reader_id: int) -> str:
    """A keyed hash: stable for one reader, not reversible without the secret."""
    return hmac.new(secret.encode(), str(reader_id).encode(), hashlib.sha256).hexdigest()[:32]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), ample for choosing the nearest branch."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
