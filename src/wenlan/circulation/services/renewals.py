"""Renewing a loan, one or all of a reader's: the same locks as a lend (the item,
then the loan), the reader's standing read after the lock is held."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.services.items import item_status_set
from wenlan.circulation import locks
from wenlan.circulation.enums import HoldStatus, LogEntryKind
from wenlan.circulation.errors import LoanNotFoundError, RenewalRefusedError
from wenlan.circulation.models import Hold, Loan
from wenlan.circulation.permissions import ensure_self_or_desk
from wenlan.circulation.policies import blocked_message, renewal_due_date, renewal_outlook
from wenlan.circulation.selectors.readers import reader_blocks, reader_standing
from wenlan.circulation.selectors.rules import open_checker, rule_for, rules_load
from wenlan.circulation.services.log import log_entries_write, log_entry_new
from wenlan.core import clock
from wenlan.core.errors import WenlanError


@transaction.atomic
def loan_renew(
    *, actor, loan_id: int, library_id: int | None = None, channel: str = "desk"
) -> Loan:
    """Renew within the policy's renewals, in the renewal window before the due date,
    when no one waits for the title; the new due date counts from the old one or
    from today, as the rule says."""
    found = (
        Loan.objects.filter(pk=loan_id, returned_at__isnull=True).select_related("reader").first()
    )
    if found is None:
        raise LoanNotFoundError()
    ensure_self_or_desk(actor, reader=found.reader, library_id=library_id)
    with locks.lock_timeout():
        locks.items_lock(item_ids=[found.item_id])
        loan = (
            Loan.objects.select_for_update(of=("self",))
            .select_related("reader", "item")
            .filter(pk=loan_id, returned_at__isnull=True)
            .first()
        )
    if loan is None:
        raise LoanNotFoundError()
    today = clock.today()
    rules = rules_load()
    reader = loan.reader
    rule = rule_for(rules, library_id=loan.library_id, reader=reader, item_type=loan.item.item_type)
    standing = reader_standing(reader_id=reader.pk, today=today)
    reasons = [
        r
        for r in reader_blocks(reader=reader, standing=standing, rules=rules, today=today)
        if r.kind != "fines"
    ]
    if reasons:
        raise RenewalRefusedError(blocked_message(reasons))
    outlook = renewal_outlook(
        rule,
        due_on=loan.due_on,
        renewals_done=loan.renewals,
        today=today,
        window_days=settings.WENLAN_CIRC_RENEW_WINDOW_DAYS,
        others_waiting=Hold.objects.filter(
            record_id=loan.record_id, status=HoldStatus.WAITING
        ).exists(),
    )
    if not outlook.allowed:
        raise RenewalRefusedError(outlook.refusal)
    new_due = renewal_due_date(
        rule,
        due_on=loan.due_on,
        today=today,
        is_open=open_checker(loan.library_id, start=today),
    )
    if new_due <= loan.due_on:
        raise RenewalRefusedError(_("续借不会推迟应还日期，无需续借。"))
    loan.due_on = new_due
    loan.renewals += 1
    loan.save(update_fields=["due_on", "renewals"])
    item_status_set(item=loan.item, status=ItemStatus.ON_LOAN, due_on=new_due)
    log_entries_write(
        [
            log_entry_new(
                kind=LogEntryKind.RENEW,
                reader=reader,
                item_id=loan.item_id,
                record_id=loan.record_id,
                library_id=library_id or loan.library_id,
                channel=channel,
            )
        ]
    )
    return loan


@dataclass
class RenewAllResult:
    renewed: list[Loan] = field(default_factory=list)
    refused: list[tuple[Loan, str]] = field(default_factory=list)


def loans_renew_all(
    *, actor, reader_id: int, library_id: int | None = None, channel: str = "desk"
) -> RenewAllResult:
    """Each loan in its own transaction: one refusal does not undo the others."""
    result = RenewAllResult()
    for loan in Loan.objects.filter(reader_id=reader_id, returned_at__isnull=True).select_related(
        "item"
    ):
        try:
            result.renewed.append(
                loan_renew(actor=actor, loan_id=loan.pk, library_id=library_id, channel=channel)
            )
        except WenlanError as error:
            result.refused.append((loan, str(error)))
    return result
