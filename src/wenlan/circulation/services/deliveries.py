"""Circulation's side of a delivery order (悦借, o2o): whether a reader may have
more copies sent, and the loan that starts when a copy reaches the reader.

Both run in the caller's transaction, which holds the copies' locks and then the
reader's (circulation's order) and has authorised its actor; what they count is
read after those locks."""

import datetime as dt

from django.utils.translation import gettext as _

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.catalog.services.items import item_status_set
from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.errors import ItemNotLoanableError, LoanLimitError, ReaderBlockedError
from wenlan.circulation.models import Loan
from wenlan.circulation.policies import blocked_message, due_date
from wenlan.circulation.selectors.readers import reader_blocks, reader_standing
from wenlan.circulation.selectors.rules import open_checker, rule_for, rules_load
from wenlan.circulation.services.log import log_entries_write, log_entry_new
from wenlan.core import clock
from wenlan.patrons.models import Reader


def loan_order_check(*, reader: Reader, items: list[Item], pending: int, today: dt.date) -> int:
    """Refuses an order a desk would refuse: a blocked reader, a copy not for
    lending, or more copies than the reader's loan limit allows with what they
    have out and what is already on its way to them (`pending`). Returns how many
    more copies the reader could still have."""
    standing = reader_standing(reader_id=reader.pk, today=today)
    rules = rules_load()
    reasons = reader_blocks(reader=reader, standing=standing, rules=rules, today=today)
    if reasons:
        raise ReaderBlockedError(blocked_message(reasons), reasons=reasons)
    limit = None
    for item in items:
        # The rule of the library that sends the copy (and lends it at delivery).
        rule = rule_for(rules, library_id=item.location_id, reader=reader, item_type=item.item_type)
        if not rule.loanable:
            raise ItemNotLoanableError()
        limit = rule.max_loans if limit is None else min(limit, rule.max_loans)
    limit = limit if limit is not None else 0
    have = standing.open_loans + pending
    if have + len(items) > limit:
        raise LoanLimitError(
            _("已借和配送中共 %(n)s 册，再借 %(more)s 册将超过上限 %(max)s 册。")
            % {"n": have, "more": len(items), "max": limit}
        )
    return limit - have - len(items)


def loan_checkout_delivered(
    *, reader: Reader, item: Item, library_id: int, channel: str, today: dt.date | None = None
) -> Loan:
    """The copy of an order reached the reader (at home, at a pickup point or from
    a locker): the loan starts now, due under the rule of the library that sent
    it. The order was checked when placed (`loan_order_check`), so a copy already
    in the reader's hands is not refused here. `item` is locked and kept for the
    order (ItemStatus.ORDERED)."""
    today = today or clock.today()
    rule = rule_for(rules_load(), library_id=library_id, reader=reader, item_type=item.item_type)
    due_on = due_date(
        start=today, days=rule.loan_days, is_open=open_checker(library_id, start=today)
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
    item_status_set(item=item, status=ItemStatus.ON_LOAN, due_on=due_on)
    log_entries_write(
        [
            log_entry_new(
                kind=LogEntryKind.CHECKOUT,
                reader=reader,
                item_id=item.pk,
                record_id=item.record_id,
                library_id=library_id,
                channel=channel,
            )
        ]
    )
    return loan
