"""悦享: a loan handed on from one reader to another without a visit to the library.
o2o keeps the offer and authorises both readers; this is the one step circulation
takes for it: the giver's loan ends as a return, the receiver's starts on the same
copy, and the log gets both steps with the hand-on channel, so each reader's
history holds only their own loan."""

from dataclasses import dataclass

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.catalog.services.items import item_status_set
from wenlan.circulation.enums import LoanChannel, LogEntryKind
from wenlan.circulation.models import Loan
from wenlan.circulation.selectors.readers import reader_standing
from wenlan.circulation.selectors.rules import rules_load
from wenlan.circulation.services.loans import _close_loan, _due_on_checked
from wenlan.circulation.services.log import log_entries_write, log_entry_new
from wenlan.core import clock
from wenlan.patrons.models import Reader


@dataclass
class HandOnResult:
    ended: Loan  # the giver's, now returned
    loan: Loan  # the receiver's


def loan_hand_on(*, item: Item, loan: Loan, giver: Reader, receiver: Reader) -> HandOnResult:
    """Runs in the caller's transaction, which holds the item's lock and both
    readers' (circulation's order: the item, then the readers by primary key) and
    has authorised both sides. The receiver's blocks and loan limit are read here,
    after those locks; the new due date is the receiver's rule's, counted from
    today, at the library that lent the copy."""
    today = clock.today()
    standing = reader_standing(reader_id=receiver.pk, today=today)
    due_on = _due_on_checked(
        item_type=item.item_type,
        reader=receiver,
        library_id=loan.library_id,
        standing=standing,
        today=today,
    )
    channel = LoanChannel.HANDON.value
    log_entries: list = []
    loan.item, loan.reader = item, giver
    _close_loan(loan=loan, library_id=loan.library_id, rules=rules_load(), log_entries=log_entries)
    log_entries[-1].channel = channel
    new_loan = Loan.objects.create(
        item=item,
        record_id=item.record_id,
        reader=receiver,
        library_id=loan.library_id,
        loaned_at=clock.now(),
        due_on=due_on,
        channel=channel,
    )
    item_status_set(item=item, status=ItemStatus.ON_LOAN, due_on=due_on)
    log_entries.append(
        log_entry_new(
            kind=LogEntryKind.CHECKOUT,
            reader=receiver,
            item_id=item.pk,
            record_id=item.record_id,
            library_id=loan.library_id,
            channel=channel,
        )
    )
    log_entries_write(log_entries)
    return HandOnResult(ended=loan, loan=new_loan)
