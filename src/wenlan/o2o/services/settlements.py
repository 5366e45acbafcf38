"""A store's monthly 悦读 statement, accepted by each side once the month is over:
the library (staff who manage the store's 悦读) and the store (its clerk). Each
acceptance records the count and total it saw; the store's row is the lock."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.o2o import locks
from wenlan.o2o.enums import SettlementSide
from wenlan.o2o.errors import SettlementRefusedError
from wenlan.o2o.models import BookstoreSettlement
from wenlan.o2o.permissions import ensure_manage, ensure_till
from wenlan.o2o.policies import period_start
from wenlan.o2o.selectors.bookstore import statement_get


@transaction.atomic
def settlement_accept(
    *, actor, store_id: int, period: dt.date, side: SettlementSide
) -> BookstoreSettlement:
    """`side` accepts the store's statement of `period` (its first day)."""
    if side == SettlementSide.LIBRARY:
        ensure_manage(actor, store_id=store_id)
    else:
        ensure_till(actor, store_id=store_id)
    with locks.lock_timeout():
        bookstore = locks.bookstore_lock(library_id=store_id)
    if bookstore is None:
        raise NotFoundError()
    if period >= period_start(clock.today()):
        raise SettlementRefusedError(_("本月尚未结束，月结单要到下月才能确认。"))
    statement = statement_get(store=bookstore, period=period)
    if statement.count == 0:
        raise SettlementRefusedError(_("该月没有悦读借阅，无需结算。"))
    settlement = statement.settlement or BookstoreSettlement(
        bookstore=bookstore, period=period, line_count=statement.count, total=statement.total
    )
    if (settlement.line_count, settlement.total) != (statement.count, statement.total):
        raise SettlementRefusedError(_("结算单与对方确认时不一致，请联系对方核对。"))
    user, now = acting_user(actor), clock.now()
    if side == SettlementSide.LIBRARY:
        if settlement.library_accepted_at is not None:
            raise SettlementRefusedError(_("图书馆已确认过该结算单。"))
        settlement.library_accepted_at, settlement.library_accepted_by = now, user
    else:
        if settlement.store_accepted_at is not None:
            raise SettlementRefusedError(_("书店已确认过该结算单。"))
        settlement.store_accepted_at, settlement.store_accepted_by = now, user
    settlement.save()
    return settlement
