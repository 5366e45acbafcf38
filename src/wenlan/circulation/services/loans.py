"""Lending, returning anywhere in the network, lost and damaged copies (renewing is
`renewals`).

Every write locks the item row first (primary-key order), then the reader, then
the record's hold queue; "one open loan per item" is also a partial unique
constraint, so a race the locks missed still cannot make two loans."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.models import Item
from wenlan.catalog.services.brief import item_create_on_loan
from wenlan.catalog.services.items import item_status_set
from wenlan.circulation import locks
from wenlan.circulation.enums import CheckinOutcome, HoldStatus, LogEntryKind
from wenlan.circulation.errors import (
    AlreadyOnLoanError,
    ItemNotFoundError,
    ItemNotLoanableError,
    ItemOnHoldError,
    ItemUnavailableError,
    LoanLimitError,
    LoanNotFoundError,
    ReaderBlockedError,
    ReaderNotFoundError,
)
from wenlan.circulation.models import Fine, Hold, Loan, ReadingHistoryEntry, Transit
from wenlan.circulation.permissions import ensure_desk
from wenlan.circulation.policies import (
    PolicyRule,
    blocked_message,
    days_overdue,
    due_date,
    overdue_penalty,
)
from wenlan.circulation.selectors.readers import ReaderStanding, reader_blocks, reader_standing
from wenlan.circulation.selectors.rules import open_checker, rule_for, rules_load
from wenlan.circulation.services.blocks import suspension_extend
from wenlan.circulation.services.log import log_entries_write, log_entry_new
from wenlan.circulation.services.notices import notices_pending_create
from wenlan.circulation.services.routing import (
    Route,
    holds_release_item,
    item_route,
    route_message,
)
from wenlan.core import clock
from wenlan.patrons.models import Reader
from wenlan.patrons.selectors import card_number_resolve


@dataclass
class CheckoutResult:
    loan: Loan
    item: Item
    reader: Reader
    standing: ReaderStanding  # as read under the reader's lock, before this loan
    hold_fulfilled: Hold | None = None


@dataclass
class CheckinResult:
    item: Item
    outcome: str
    message: str
    loan: Loan | None = None
    route: Route | None = None
    days_late: int = 0
    fine: Decimal = Decimal("0.00")
    suspended_until: dt.date | None = None

    @property
    def changed(self) -> bool:
        return self.loan is not None or (self.route is not None and self.route.changed)


def _lock_item(barcode: str) -> Item:
    item = locks.item_lock_by_barcode(barcode=barcode.strip())
    if item is None:
        raise ItemNotFoundError()
    return item


def loan_checkout(
    *,
    actor,
    library_id: int,
    barcode: str,
    card_number: str | None = None,
    reader_id: int | None = None,
    channel: str = "desk",
) -> CheckoutResult:
    """Lends the copy `barcode` to the reader named by `reader_id`, or by
    `card_number`: what the desk or kiosk read off the reader's card or e-card."""
    ensure_desk(actor, library_id=library_id)
    if card_number is not None:
        card_number = card_number_resolve(presented=card_number)
    try:
        return _checkout(
            library_id=library_id,
            barcode=barcode,
            card_number=card_number,
            reader_id=reader_id,
            channel=channel,
        )
    except IntegrityError as error:  # the one-open-loan constraint: another desk won
        raise AlreadyOnLoanError() from error


@transaction.atomic(durable=True)
def _checkout(
    *, library_id: int, barcode: str, card_number: str | None, reader_id: int | None, channel: str
) -> CheckoutResult:
    today = clock.today()
    with locks.lock_timeout():
        item = _lock_item(barcode)
        reader = locks.reader_lock(
            reader_id=reader_id,
            card_number=card_number,
        )
    if reader is None:
        raise ReaderNotFoundError()
    standing = reader_standing(reader_id=reader.pk, today=today)
    hold = _ready_hold_checked(item=item, reader=reader)
    due_on = _due_on_checked(
        item_type=item.item_type,
        reader=reader,
        library_id=library_id,
        standing=standing,
        today=today,
    )
    loan = Loan.objects.create(
        item=item,
        record_id=item.record_id,
        reader=reader,
        library_id=library_id,
        loaned_at=clock.now(),
        due_on=due_on,
        channel=channel,
    )
    item_status_set(item=item, status=ItemStatus.ON_LOAN, due_on=due_on, location_id=library_id)
    log_entries = [
        log_entry_new(
            kind=LogEntryKind.CHECKOUT,
            reader=reader,
            item_id=item.pk,
            record_id=item.record_id,
            library_id=library_id,
            channel=channel,
        )
    ]
    if hold is None and standing.has_active_holds:
        # A reader borrowing a title they wait for: the wait is over.
        hold = locks.reader_hold_lock(reader_id=reader.pk, record_id=item.record_id)
    if hold is not None:
        hold.status, hold.closed_at = HoldStatus.FULFILLED, clock.now()
        hold.save(update_fields=["status", "closed_at"])
        log_entries.append(
            log_entry_new(
                kind=LogEntryKind.HOLD_FULFIL,
                reader=reader,
                item_id=item.pk,
                record_id=item.record_id,
                library_id=library_id,
                channel=channel,
            )
        )
    log_entries_write(log_entries)
    return CheckoutResult(
        loan=loan, item=item, reader=reader, standing=standing, hold_fulfilled=hold
    )


def _ready_hold_checked(*, item: Item, reader: Reader) -> Hold | None:
    """The hold a copy on the hold shelf waits for, which must be `reader`'s; a copy
    that is out, or not on a shelf, is refused."""
    if item.status == ItemStatus.ON_LOAN:
        mine = Loan.objects.filter(item=item, returned_at__isnull=True, reader=reader).exists()
        raise AlreadyOnLoanError(_("该单册已借给此读者。") if mine else None)
    if item.status == ItemStatus.ON_HOLD_SHELF:
        hold = Hold.objects.filter(item=item, status=HoldStatus.READY).first()
        if hold is not None and hold.reader_id != reader.pk:
            raise ItemOnHoldError()
        return hold
    if item.status != ItemStatus.AVAILABLE:
        raise ItemUnavailableError(
            _("该单册当前状态为“%(status)s”，不能借出。") % {"status": item.get_status_display()}
        )
    return None


def _due_on_checked(
    *, item_type: str, reader: Reader, library_id: int, standing: ReaderStanding, today: dt.date
) -> dt.date:
    """The due date of a loan made today, once its rule allows the loan."""
    rule = _loan_rule_checked(
        item_type=item_type, reader=reader, library_id=library_id, standing=standing, today=today
    )
    return due_date(start=today, days=rule.loan_days, is_open=open_checker(library_id, start=today))


def _loan_rule_checked(
    *, item_type: str, reader: Reader, library_id: int, standing: ReaderStanding, today: dt.date
) -> PolicyRule:
    """The rule the loan is made under, once the reader's blocks, the copy's type
    and the reader's loan limit allow it."""
    rules = rules_load()
    reasons = reader_blocks(reader=reader, standing=standing, rules=rules, today=today)
    if reasons:
        raise ReaderBlockedError(blocked_message(reasons), reasons=reasons)
    rule = rule_for(rules, library_id=library_id, reader=reader, item_type=item_type)
    if not rule.loanable:
        raise ItemNotLoanableError()
    if rule.item_type:
        on_loan = Loan.objects.filter(
            reader=reader, returned_at__isnull=True, item__item_type=rule.item_type
        ).count()
    else:
        on_loan = standing.open_loans
    if on_loan >= rule.max_loans:
        raise LoanLimitError(
            _("已借 %(n)s 册，达到上限 %(max)s 册。") % {"n": on_loan, "max": rule.max_loans}
        )
    return rule


def loan_checkout_new_copy(
    *,
    reader: Reader,
    record_id: int,
    owner_library_id: int,
    library_id: int,
    barcode: str,
    price: Decimal,
    channel: str,
) -> Loan:
    """A copy bought at a partner bookstore (悦读), created already on loan to
    `reader` at `library_id` (the store) and owned by `owner_library_id`. Runs in
    the caller's transaction, which holds the reader's lock and has authorised its
    actor (o2o's till checks the clerk); the reader's blocks and loan limit are
    checked as at a desk, after that lock."""
    today = clock.today()
    standing = reader_standing(reader_id=reader.pk, today=today)
    due_on = _due_on_checked(
        item_type=ItemType.BOOK,
        reader=reader,
        library_id=library_id,
        standing=standing,
        today=today,
    )
    item = item_create_on_loan(
        record_id=record_id,
        barcode=barcode,
        library_id=owner_library_id,
        location_id=library_id,
        price=price,
        due_on=due_on,
    )
    loan = Loan.objects.create(
        item=item,
        record_id=record_id,
        reader=reader,
        library_id=library_id,
        loaned_at=clock.now(),
        due_on=due_on,
        channel=channel,
    )
    log_entries_write(
        [
            log_entry_new(
                kind=LogEntryKind.CHECKOUT,
                reader=reader,
                item_id=item.pk,
                record_id=record_id,
                library_id=library_id,
                channel=channel,
            )
        ]
    )
    return loan


def _close_loan(*, loan: Loan, library_id: int, rules, log_entries, lost: bool = False):
    """Ends a loan; returns (days late, fine, suspended until)."""
    now, today = clock.now(), clock.today()
    loan.returned_at, loan.return_library_id = now, library_id
    if lost:
        loan.lost_at = now
    loan.save(update_fields=["returned_at", "return_library", "lost_at"])
    reader = loan.reader
    late = days_overdue(due_on=loan.due_on, on=today)
    rule = rule_for(rules, library_id=loan.library_id, reader=reader, item_type=loan.item.item_type)
    penalty = overdue_penalty(rule, days_late=late)
    until = None
    if penalty.fine > 0:
        Fine.objects.create(
            reader=reader,
            loan=loan,
            amount=penalty.fine,
            created_at=now,
            reason=_("逾期 %(days)s 天") % {"days": late},
        )
    if penalty.suspension_days:
        until = suspension_extend(reader_id=reader.pk, days=penalty.suspension_days, today=today)
    if reader.keep_reading_history:
        ReadingHistoryEntry.objects.create(
            reader=reader,
            record_id=loan.record_id,
            loaned_on=loan.loaned_at.date(),
            returned_on=today,
        )
    log_entries.append(
        log_entry_new(
            kind=LogEntryKind.LOST if lost else LogEntryKind.CHECKIN,
            reader=reader,
            item_id=loan.item_id,
            record_id=loan.record_id,
            library_id=library_id,
            channel="desk",
        )
    )
    return late, penalty.fine, until


def loan_checkin(*, actor, library_id: int, barcode: str, channel: str = "desk") -> CheckinResult:
    """Return a copy at any library of the network. Scanning it again is a no-op."""
    ensure_desk(actor, library_id=library_id)
    return loan_checkin_authorised(library_id=library_id, barcode=barcode, channel=channel)


@transaction.atomic(durable=True)
def loan_checkin_authorised(*, library_id: int, barcode: str, channel: str) -> CheckinResult:
    """A return, for a service above circulation that has authorised its actor
    itself (o2o: a partner bookstore's clerk takes back a 悦读 copy at the store)."""
    with locks.lock_timeout():
        item = _lock_item(barcode)
    if item.status == ItemStatus.WITHDRAWN:
        raise ItemUnavailableError(_("该单册已剔除，不再流通。"))
    if item.status == ItemStatus.ORDERED:  # picked for a delivery: not to go back on a shelf
        raise ItemUnavailableError(_("该单册为悦借订单保留，请交给悦借配送台。"))
    rules = rules_load()
    log_entries: list = []
    notices: list = []
    # Only a copy on loan has an open loan, only one in transit an open transit.
    loan = (
        Loan.objects.select_related("reader").filter(item=item, returned_at__isnull=True).first()
        if item.status == ItemStatus.ON_LOAN
        else None
    )
    late, fine, until = 0, Decimal("0.00"), None
    if loan is not None:
        loan.item = item
        late, fine, until = _close_loan(
            loan=loan, library_id=library_id, rules=rules, log_entries=log_entries
        )
        log_entries[-1].channel = channel
    transit = (
        Transit.objects.filter(item=item, received_at__isnull=True).first()
        if item.status == ItemStatus.IN_TRANSIT
        else None
    )
    if transit is not None:
        if transit.to_library_id != library_id and loan is None:
            route = Route(
                CheckinOutcome.NOTHING,
                transit=transit,
                destination_id=transit.to_library_id,
                changed=False,
            )
            return _checkin_result(item, route, None, 0, fine, None)
        transit.received_at = clock.now()
        transit.save(update_fields=["received_at"])
        log_entries.append(
            log_entry_new(
                kind=LogEntryKind.TRANSIT_RECEIVE,
                reader=None,
                item_id=item.pk,
                record_id=item.record_id,
                library_id=library_id,
                channel=channel,
            )
        )
    if item.status == ItemStatus.LOST and loan is None:
        log_entries.append(
            log_entry_new(
                kind=LogEntryKind.CHECKIN,
                reader=None,
                item_id=item.pk,
                record_id=item.record_id,
                library_id=library_id,
                channel=channel,
            )
        )
    route = item_route(
        item=item, library_id=library_id, rules=rules, log_entries=log_entries, notices=notices
    )
    log_entries_write(log_entries)
    notices_pending_create(notices)
    return _checkin_result(item, route, loan, late, fine, until)


def _checkin_result(item, route, loan, late, fine, until) -> CheckinResult:
    return CheckinResult(
        item=item,
        outcome=route.outcome,
        message=route_message(route),
        loan=loan,
        route=route,
        days_late=late,
        fine=fine,
        suspended_until=until,
    )


@transaction.atomic
def loan_mark_lost(*, actor, library_id: int, barcode: str) -> Loan:
    """The reader reports a borrowed copy lost: the loan ends, the copy is lost,
    and its price (when known) is owed."""
    ensure_desk(actor, library_id=library_id)
    with locks.lock_timeout():
        item = _lock_item(barcode)
    loan = (
        Loan.objects.select_related("reader", "item")
        .filter(item=item, returned_at__isnull=True)
        .first()
    )
    if loan is None:
        raise LoanNotFoundError()
    log_entries: list = []
    rules = rules_load()
    _close_loan(loan=loan, library_id=library_id, rules=rules, log_entries=log_entries, lost=True)
    if item.price:
        Fine.objects.create(
            reader=loan.reader,
            loan=loan,
            amount=item.price,
            created_at=clock.now(),
            reason=_("遗失赔偿：%(barcode)s") % {"barcode": item.barcode},
        )
    item_status_set(item=item, status=ItemStatus.LOST)
    log_entries_write(log_entries)
    return loan


@transaction.atomic
def item_mark_damaged(*, actor, library_id: int, barcode: str) -> Item:
    """A damaged copy goes to processing (repair); a loan on it ends, a hold it
    was kept for goes back into the queue."""
    ensure_desk(actor, library_id=library_id)
    with locks.lock_timeout():
        item = _lock_item(barcode)
    if item.status in (ItemStatus.LOST, ItemStatus.WITHDRAWN):
        raise ItemUnavailableError()
    log_entries: list = []
    loan = (
        Loan.objects.select_related("reader", "item")
        .filter(item=item, returned_at__isnull=True)
        .first()
    )
    reader = None
    if loan is not None:
        _close_loan(loan=loan, library_id=library_id, rules=rules_load(), log_entries=log_entries)
        reader = loan.reader
    Transit.objects.filter(item=item, received_at__isnull=True).update(received_at=clock.now())
    holds_release_item(item=item)
    item_status_set(item=item, status=ItemStatus.IN_PROCESSING, location_id=library_id)
    log_entries.append(
        log_entry_new(
            kind=LogEntryKind.DAMAGED,
            reader=reader,
            item_id=item.pk,
            record_id=item.record_id,
            library_id=library_id,
            channel="desk",
        )
    )
    log_entries_write(log_entries)
    return item
