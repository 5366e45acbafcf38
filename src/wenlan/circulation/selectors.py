"""Reads for the desk, the reader pages, the API and SIP2."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES, HoldStatus
from wenlan.circulation.errors import ReaderNotFoundError
from wenlan.circulation.models import (
    Block,
    Fine,
    Hold,
    Loan,
    Policy,
    ReadingHistoryEntry,
    Transit,
)
from wenlan.circulation.permissions import ensure_desk
from wenlan.circulation.policies import (
    BlockReason,
    PolicyRule,
    RenewalOutlook,
    StoredBlock,
    block_reasons,
    distance_km,
    is_open_day,
    policy_resolve,
    renewal_due_date,
    renewal_outlook,
)
from wenlan.core import audit, clock, rawsql
from wenlan.core.cache import process_cached
from wenlan.core.models import AuditAction
from wenlan.network.models import Library, OpeningException, OpeningHours
from wenlan.network.policies import DayException, Period
from wenlan.network.selectors import library_statuses
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.models import Reader

RULE_FIELDS = (
    "library_id", "reader_category", "item_type", "loanable", "loan_days", "max_loans",
    "renewals", "renewal_base", "holds_allowed", "hold_shelf_days", "max_overdue", "overdue_rule",
    "fine_per_day", "fine_cap", "suspension_days_per_day",
)  # fmt: skip


# Every lend and return reads the rules matrix and the library's calendar. Both
# change rarely, so each process keeps them for WENLAN_CIRC_CACHE_SECONDS (0: not
# at all): a change made elsewhere applies within that time, one made by this
# process's own services at once (they call core.cache.process_cache_clear).
def circulation_cached(key: tuple, load: Callable[[], object]):
    return process_cached(("circulation", *key), load, ttl=settings.WENLAN_CIRC_CACHE_SECONDS)


def rules_load() -> list[PolicyRule]:
    return circulation_cached(
        ("rules",),
        lambda: [PolicyRule(**row) for row in Policy.objects.values(*RULE_FIELDS)],
    )


def rule_for(
    rules: list[PolicyRule], *, library_id: int | None, reader: Reader, item_type: str
) -> PolicyRule:
    return policy_resolve(
        rules, library_id=library_id, reader_category=reader.category, item_type=item_type
    )


def open_checker(library_id: int, *, start: dt.date) -> Callable[[dt.date], bool]:
    """Whether the library opens on a day, for the year after `start`."""
    return circulation_cached(
        ("calendar", library_id, start), lambda: _open_checker(library_id, start)
    )


def _open_checker(library_id: int, start: dt.date) -> Callable[[dt.date], bool]:
    """Its weekly hours and its exceptions, read in one round trip."""
    hours = (
        OpeningHours.objects.filter(library_id=library_id)
        .order_by()
        .values_list(
            "weekday",
            "opens",
            "closes",
            Value(None, output_field=DateField()),
            Value(False, output_field=BooleanField()),
        )
    )
    exceptions = (
        OpeningException.objects.filter(
            library_id=library_id, date__gte=start, date__lte=start + dt.timedelta(days=400)
        )
        .order_by()
        .values_list(Value(-1, output_field=IntegerField()), "opens", "closes", "date", "is_closed")
    )
    weekly: dict[int, list[Period]] = {}
    days: dict[dt.date, DayException] = {}
    for weekday, opens, closes, day, closed in hours.union(exceptions, all=True):
        if day is None:
            weekly.setdefault(weekday, []).append(Period(opens, closes))
        else:
            days[day] = DayException(closed, Period(opens, closes) if opens and closes else None)
    if not weekly and not days:
        return lambda day: True  # no hours recorded: nothing to skip
    return lambda day: is_open_day(day, weekly, days)


def library_brief(library_id: int) -> Library | None:
    """Code and names of a library (kept briefly: every return names one)."""
    return circulation_cached(
        ("library", library_id),
        lambda: Library.objects.filter(pk=library_id).only("code", "name_zh", "name_en").first(),
    )


def fine_limit() -> Decimal:
    return Decimal(str(settings.WENLAN_CIRC_FINE_LIMIT))


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
    readers = Reader.objects.exclude(status=ReaderStatus.ERASED)
    reader = readers.filter(card_number=card_number.strip()).first()
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


def loan_list_for_reader(*, reader_id: int) -> QuerySet[Loan]:
    return (
        Loan.objects.filter(reader_id=reader_id, returned_at__isnull=True)
        .select_related("item", "record", "library")
        .order_by("due_on", "pk")
    )


def _queue_position() -> Subquery:
    ahead = (
        Hold.objects.filter(
            record_id=OuterRef("record_id"), status=HoldStatus.WAITING, pk__lt=OuterRef("pk")
        )
        .order_by()
        .values("record_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1


def hold_list_for_reader(*, reader_id: int) -> QuerySet[Hold]:
    """Active holds, each with `position` (its place among those still waiting)."""
    return (
        Hold.objects.filter(reader_id=reader_id, status__in=ACTIVE_HOLD_STATUSES)
        .select_related("record", "pickup_library", "item")
        .annotate(position=_queue_position())
        .order_by("pk")
    )


def hold_queue(*, record_id: int) -> QuerySet[Hold]:
    return (
        Hold.objects.filter(record_id=record_id, status__in=ACTIVE_HOLD_STATUSES)
        .select_related("reader", "pickup_library")
        .order_by("pk")
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
    return (
        Reader.objects.select_related("home_library")
        .exclude(status="erased")
        .filter(card_number=card_number.strip())
        .first()
    )


@dataclass
class ItemCirculation:
    item: Item
    loan: Loan | None
    hold_queue_length: int
    ready_hold: Hold | None
    transit: Transit | None


def item_circulation(*, barcode: str) -> ItemCirculation | None:
    item = (
        Item.objects.select_related("record", "library", "location")
        .filter(barcode=barcode.strip())
        .first()
    )
    if item is None:
        return None
    holds = list(
        Hold.objects.filter(
            record_id=item.record_id, status__in=ACTIVE_HOLD_STATUSES
        ).select_related("reader", "pickup_library")
    )
    return ItemCirculation(
        item=item,
        loan=Loan.objects.select_related("reader")
        .filter(item=item, returned_at__isnull=True)
        .first(),
        hold_queue_length=sum(1 for h in holds if h.status == HoldStatus.WAITING),
        ready_hold=next(
            (h for h in holds if h.item_id == item.pk and h.status == HoldStatus.READY), None
        ),
        transit=Transit.objects.select_related("to_library")
        .filter(item=item, received_at__isnull=True)
        .first(),
    )


def transit_list(*, actor, library_id: int, incoming: bool = True) -> QuerySet[Transit]:
    """Copies on their way to (or from) a library, oldest first."""
    scope = library_scope(actor, Perm.CIRCULATION_DESK)
    transits = Transit.objects.filter(received_at__isnull=True).select_related(
        "item__record", "from_library", "to_library", "hold__reader"
    )
    if scope is not None and library_id not in scope:
        return transits.none()
    side = "to_library_id" if incoming else "from_library_id"
    return transits.filter(**{side: library_id}).order_by("sent_at", "pk")


def transit_counts(*, library_ids: list[int]) -> dict[int, int]:
    rows = (
        Transit.objects.filter(received_at__isnull=True, to_library_id__in=library_ids)
        .values("to_library_id")
        .annotate(n=Count("pk"))
    )
    return {row["to_library_id"]: row["n"] for row in rows}


def desk_libraries(*, actor) -> list[Library]:
    scope = library_scope(actor, Perm.CIRCULATION_DESK)
    libraries = Library.objects.filter(is_active=True).order_by("code")
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    return list(libraries)


@dataclass
class PickupChoice:
    library: Library
    open_now: bool
    distance_km: float | None


def pickup_choices(
    *, reader: Reader, latitude: float | None = None, longitude: float | None = None
) -> list[PickupChoice]:
    """The reader's own library first; with a point given, the rest nearest first
    (open libraries before closed ones at the same distance)."""
    choices = []
    for status in library_statuses():
        lib = status.library
        dist = None
        if latitude is not None and longitude is not None and lib.latitude is not None:
            dist = distance_km(latitude, longitude, float(lib.latitude), float(lib.longitude))
        choices.append(PickupChoice(library=lib, open_now=status.open_now, distance_km=dist))

    def order(choice: PickupChoice):
        home = choice.library.pk == reader.home_library_id
        if latitude is None:
            return (not home, choice.library.code)
        return (
            not home,
            choice.distance_km if choice.distance_km is not None else float("inf"),
            not choice.open_now,
        )

    return sorted(choices, key=order)


def nearest_open_library(
    *, latitude: float, longitude: float, choices: list[PickupChoice]
) -> PickupChoice | None:
    open_ones = [c for c in choices if c.open_now and c.distance_km is not None]
    return min(open_ones, key=lambda c: c.distance_km, default=None)


def reading_history(*, reader_id: int) -> QuerySet[ReadingHistoryEntry]:
    return ReadingHistoryEntry.objects.filter(reader_id=reader_id).select_related("record")


def policy_table() -> QuerySet[Policy]:
    return Policy.objects.select_related("library").order_by(
        Coalesce("library_id", 0), "reader_category", "item_type"
    )


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


@dataclass
class PullLine:
    """A hold on a library's pull list, with the copies on its shelves to fetch."""

    hold: Hold
    copies: list[Item]

    @property
    def sort_key(self) -> tuple:
        first = self.copies[0] if self.copies else None
        return (
            first is None,
            first.shelf_location if first else "",
            first.call_number if first else "",
            self.hold.pk,
        )


def pull_list(*, actor, library_id: int) -> list[PullLine]:
    """The holds this library should fill from its shelves, by shelf location and
    call number (the order a person walks the stacks), oldest hold first within."""
    scope = library_scope(actor, Perm.CIRCULATION_DESK)
    if scope is not None and library_id not in scope:
        return []
    holds = list(
        Hold.objects.filter(status=HoldStatus.WAITING, pull_library_id=library_id)
        .select_related("record", "pickup_library", "reader")
        .order_by("pk")
    )
    copies: dict[int, list[Item]] = {}
    on_shelf = (
        Item.objects.filter(
            record_id__in={hold.record_id for hold in holds}, status=ItemStatus.AVAILABLE
        )
        .filter(Q(location_id=library_id) | Q(location__isnull=True, library_id=library_id))
        .order_by("shelf_location", "call_number", "barcode")
    )
    for item in on_shelf:
        copies.setdefault(item.record_id, []).append(item)
    return sorted(
        (PullLine(hold=hold, copies=copies.get(hold.record_id, [])) for hold in holds),
        key=lambda line: line.sort_key,
    )


def item_types_holdable(*, item_types: set[str], reader: Reader | None) -> bool:
    """Whether copies of these types can fill a hold: one whose rule lends it and
    allows holds (the reader's home library's rule, or the network's for someone
    not logged in)."""
    rules = rules_load()
    for item_type in item_types:
        rule = policy_resolve(
            rules,
            library_id=reader.home_library_id if reader else None,
            reader_category=reader.category if reader else "",
            item_type=item_type,
        )
        if rule.loanable and rule.holds_allowed:
            return True
    return False
