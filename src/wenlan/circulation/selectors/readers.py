"""A reader as the desk, the reader's pages and SIP2 see them: found by card, their
standing and blocks, loans, fines, renewals and reading history."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet, Sum

from wenlan.accounts.actors import acting_user
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES, HoldStatus
from wenlan.circulation.errors import ReaderNotFoundError
from wenlan.circulation.models import Block, Fine, Hold, Loan, ReadingHistoryEntry
from wenlan.circulation.permissions import ensure_desk
from wenlan.circulation.policies import (
    BlockReason,
    PolicyRule,
    RenewalOutlook,
    StoredBlock,
    block_reasons,
    policy_resolve,
    renewal_due_date,
    renewal_outlook,
)
from wenlan.circulation.selectors.holds import hold_list_for_reader
from wenlan.circulation.selectors.rules import fine_limit, open_checker, rule_for, rules_load
from wenlan.core import audit, clock, rawsql
from wenlan.core.models import AuditAction
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.models import Reader
from wenlan.patrons.selectors import card_number_resolve


@dataclass(frozen=True)
class ReaderStanding:
    """What a reader's blocks and limits are counted from. A write reads it after
    it holds the reader's lock (`locks.reader_lock`), never in the locking
    statement: under READ COMMITTED that statement's snapshot is taken before it
    waits for the lock, so it would miss what the desk it waited for wrote."""

    open_loans: int
    overdue_loans: int
    fines_owed: Decimal
    stored_blocks: tuple[StoredBlock, ...]
    has_active_holds: bool


def _standing_sql() -> str:
    loan, fine, block, hold = (model._meta.db_table for model in (Loan, Fine, Block, Hold))
    active = ", ".join(f"'{status}'" for status in ACTIVE_HOLD_STATUSES)
    return (
        "SELECT"
        f" (SELECT COUNT(*) FROM {loan} WHERE reader_id = %s AND returned_at IS NULL),"
        f" (SELECT COUNT(*) FROM {loan} WHERE reader_id = %s AND returned_at IS NULL"
        "  AND due_on < %s),"
        f" (SELECT SUM(amount) FROM {fine} WHERE reader_id = %s AND settled_at IS NULL),"
        f" EXISTS (SELECT 1 FROM {block} WHERE reader_id = %s AND cleared_at IS NULL),"
        f" EXISTS (SELECT 1 FROM {hold} WHERE reader_id = %s AND status IN ({active}))"
    )


def reader_standing(*, reader_id: int, today: dt.date) -> ReaderStanding:
    """The reader's open and overdue loans, fines owed, stored blocks not cleared
    and whether they wait for a title, in one hand-written statement (and one
    more for the stored blocks, only when there are some). Hand-written because
    every lend reads it (bench/circulation.py): compiling five subqueries cost
    more than running them, and the statement is prepared on PostgreSQL."""
    with rawsql.cursor() as cursor:
        cursor.execute(
            _standing_sql(),
            [reader_id, reader_id, connection.ops.adapt_datefield_value(today), *[reader_id] * 3],
        )
        open_loans, overdue, owed, has_blocks, has_holds = cursor.fetchone()
    stored = ()
    if has_blocks:
        stored = tuple(
            StoredBlock(id=pk, kind=kind, reason=reason, until=until)
            for pk, kind, reason, until in Block.objects.filter(
                reader_id=reader_id, cleared_at__isnull=True
            )
            .order_by("pk")
            .values_list("pk", "kind", "reason", "until")
        )
    return ReaderStanding(
        open_loans=open_loans,
        overdue_loans=overdue,
        fines_owed=rawsql.value(Fine, "amount", owed) if owed is not None else Decimal("0.00"),
        stored_blocks=stored,
        has_active_holds=bool(has_holds),
    )


def reader_blocks(
    *, reader: Reader, standing: ReaderStanding, rules: list[PolicyRule], today: dt.date
) -> list[BlockReason]:
    """Every reason `reader` may not borrow now, from their `standing`."""
    home_rule = policy_resolve(
        rules, library_id=reader.home_library_id, reader_category=reader.category, item_type=""
    )
    return block_reasons(
        today=today,
        card_expiry=reader.expiry_date,
        card_active=reader.status == ReaderStatus.ACTIVE,
        overdue_count=standing.overdue_loans,
        max_overdue=home_rule.max_overdue,
        fines_owed=standing.fines_owed,
        fine_limit=fine_limit(),
        stored=standing.stored_blocks,
    )


def checkout_blocks_for(*, reader: Reader) -> list[BlockReason]:
    """The reasons `reader` may not borrow right now (empty when they may)."""
    today = clock.today()
    return reader_blocks(
        reader=reader,
        standing=reader_standing(reader_id=reader.pk, today=today),
        rules=rules_load(),
        today=today,
    )


def reader_by_card(*, card_number: str) -> Reader:
    """By what was read off a card or an e-card (`card_number_resolve`)."""
    readers = Reader.objects.exclude(status=ReaderStatus.ERASED)
    reader = readers.filter(card_number=card_number_resolve(presented=card_number)).first()
    if reader is None:
        raise ReaderNotFoundError()
    return reader


def reader_desk_open(*, actor, library_id: int, card_number: str) -> Reader:
    """A desk looks a reader up by card: allowed for any reader of the network
    (one card, one network), and audited like any staff read of personal data."""
    ensure_desk(actor, library_id=library_id)
    reader = reader_by_card(card_number=card_number)
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.READ, subject=reader, fields=["loans"]
    )
    return reader


def loan_get(*, loan_id: int) -> Loan:
    """A loan with its copy, record and library, as the API shows it."""
    return Loan.objects.select_related("item", "record", "library").get(pk=loan_id)


def loan_list_for_reader(*, reader_id: int) -> QuerySet[Loan]:
    return (
        Loan.objects.filter(reader_id=reader_id, returned_at__isnull=True)
        .select_related("item", "record", "library")
        .order_by("due_on", "pk")
    )


@dataclass
class ReaderSummary:
    reader: Reader
    loans: list[Loan]
    holds: list[Hold]
    blocks: list[BlockReason]
    stored_blocks: list[Block]
    fines: list[Fine]
    fines_owed: Decimal
    today: dt.date = field(default_factory=clock.today)

    @property
    def overdue(self) -> list[Loan]:
        return [loan for loan in self.loans if loan.due_on < self.today]

    @property
    def holds_ready(self) -> list[Hold]:
        return [hold for hold in self.holds if hold.status == HoldStatus.READY]


def reader_summary(*, reader: Reader) -> ReaderSummary:
    today = clock.today()
    fines = list(Fine.objects.filter(reader_id=reader.pk, settled_at__isnull=True))
    return ReaderSummary(
        reader=reader,
        loans=list(loan_list_for_reader(reader_id=reader.pk)),
        holds=list(hold_list_for_reader(reader_id=reader.pk)),
        blocks=checkout_blocks_for(reader=reader),
        stored_blocks=list(
            Block.objects.filter(reader_id=reader.pk, cleared_at__isnull=True).filter(
                Q(until__isnull=True) | Q(until__gte=today)
            )
        ),
        fines=fines,
        fines_owed=sum((f.amount for f in fines), Decimal("0.00")),
        today=today,
    )


def reader_get_by_card(*, card_number: str) -> Reader | None:
    """By what was read off a card or an e-card (`card_number_resolve`)."""
    return (
        Reader.objects.select_related("home_library")
        .exclude(status=ReaderStatus.ERASED)
        .filter(card_number=card_number_resolve(presented=card_number))
        .first()
    )


def reading_history(*, reader_id: int) -> QuerySet[ReadingHistoryEntry]:
    return ReadingHistoryEntry.objects.filter(reader_id=reader_id).select_related("record")


def fines_owed(*, reader_id: int) -> Decimal:
    return Fine.objects.filter(reader_id=reader_id, settled_at__isnull=True).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0.00")


@dataclass
class LoanRenewal:
    """A loan on the reader's page with what renewing it would do."""

    loan: Loan
    outlook: RenewalOutlook
    new_due_on: dt.date | None


def loan_renewals_for_reader(*, reader: Reader, loans: list[Loan]) -> list[LoanRenewal]:
    """The reader's open `loans` (from `loan_list_for_reader`), each with its renewal
    window, the due date a renewal would give, and the reason it would be refused
    (the reader's blocks apart)."""
    today = clock.today()
    rules = rules_load()
    calendars: dict[int, object] = {}
    awaited = set(
        Hold.objects.filter(
            record_id__in={loan.record_id for loan in loans}, status=HoldStatus.WAITING
        ).values_list("record_id", flat=True)
    )
    rows = []
    for loan in loans:
        rule = rule_for(
            rules, library_id=loan.library_id, reader=reader, item_type=loan.item.item_type
        )
        outlook = renewal_outlook(
            rule,
            due_on=loan.due_on,
            renewals_done=loan.renewals,
            today=today,
            window_days=settings.WENLAN_CIRC_RENEW_WINDOW_DAYS,
            others_waiting=loan.record_id in awaited,
        )
        if loan.library_id not in calendars:
            calendars[loan.library_id] = open_checker(loan.library_id, start=today)
        new_due = renewal_due_date(
            rule,
            due_on=loan.due_on,
            today=max(today, outlook.window.opens_on),
            is_open=calendars[loan.library_id],
        )
        rows.append(LoanRenewal(loan=loan, outlook=outlook, new_due_on=new_due))
    return rows


def records_held_or_borrowed(*, reader_ids: list[int]) -> dict[int, set[int]]:
    """The records each reader has on loan now, holds, or has borrowed before (their
    returned loans): titles not to recommend to them."""
    found: dict[int, set[int]] = {}
    for start in range(0, len(reader_ids), 1000):
        chunk = reader_ids[start : start + 1000]
        for reader_id, record_id in Loan.objects.filter(reader_id__in=chunk).values_list(
            "reader_id", "record_id"
        ):
            found.setdefault(reader_id, set()).add(record_id)
        for reader_id, record_id in Hold.objects.filter(
            reader_id__in=chunk, status__in=ACTIVE_HOLD_STATUSES
        ).values_list("reader_id", "record_id"):
            found.setdefault(reader_id, set()).add(record_id)
    return found
