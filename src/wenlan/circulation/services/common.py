"""What every circulation write needs: the rules matrix, the library calendar,
the reader's blocks, and the append-only event log."""

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    DateField,
    IntegerField,
    Sum,
    Value,
)
from django.utils.translation import gettext as _

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.circulation.enums import EventKind
from wenlan.circulation.errors import ReaderNotFoundError
from wenlan.circulation.models import Block, CirculationEvent, Fine, Loan, Policy
from wenlan.circulation.policies import (
    BlockReason,
    PolicyRule,
    StoredBlock,
    block_reasons,
    is_open_day,
    policy_resolve,
    reader_pseudonym,
)
from wenlan.core import clock
from wenlan.core.cache import process_cached
from wenlan.core.errors import PermissionDeniedError
from wenlan.network.models import OpeningException, OpeningHours
from wenlan.network.policies import DayException, Period
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


def analytics_secret() -> str:
    return (
        settings.WENLAN_ANALYTICS_SECRET
        or hmac.new(settings.SECRET_KEY.encode(), b"wenlan-analytics", hashlib.sha256).hexdigest()
    )


def event_new(
    *,
    kind: EventKind,
    reader: Reader | None,
    item_id: int | None,
    record_id: int | None,
    library_id: int | None,
    channel: str,
) -> CirculationEvent:
    pseudonym = ""
    if reader is not None and reader.allow_analytics:
        pseudonym = reader_pseudonym(secret=analytics_secret(), reader_id=reader.pk)
    return CirculationEvent(
        at=clock.now(),
        kind=kind,
        reader_pseudonym=pseudonym,
        reader_category=reader.category if reader is not None else "",
        item_id=item_id,
        record_id=record_id,
        library_id=library_id,
        channel=channel[:8],
    )


def events_write(events: list[CirculationEvent]) -> None:
    CirculationEvent.objects.bulk_create(events)


def fine_limit() -> Decimal:
    return Decimal(str(settings.WENLAN_CIRC_FINE_LIMIT))


def reader_blocks(*, reader: Reader, rules: list[PolicyRule], today: dt.date) -> list[BlockReason]:
    """Uses what `locks.reader_lock_with_standing` read with the reader, if it did."""
    if hasattr(reader, "overdue_count"):
        overdue = reader.overdue_count
        owed = reader.fines_owed or Decimal("0.00")
        blocks = (
            Block.objects.filter(reader_id=reader.pk, cleared_at__isnull=True)
            if reader.has_open_blocks
            else []
        )
    else:
        overdue = Loan.objects.filter(
            reader_id=reader.pk, returned_at__isnull=True, due_on__lt=today
        ).count()
        blocks = Block.objects.filter(reader_id=reader.pk, cleared_at__isnull=True)
        owed = Fine.objects.filter(reader_id=reader.pk, settled_at__isnull=True).aggregate(
            total=Sum("amount")
        )["total"] or Decimal("0.00")
    stored = [StoredBlock(id=b.pk, kind=b.kind, reason=b.reason, until=b.until) for b in blocks]
    home_rule = policy_resolve(
        rules, library_id=reader.home_library_id, reader_category=reader.category, item_type=""
    )
    return block_reasons(
        today=today,
        card_expiry=reader.expiry_date,
        card_active=reader.status == ReaderStatus.ACTIVE,
        overdue_count=overdue,
        max_overdue=home_rule.max_overdue,
        fines_owed=owed,
        fine_limit=fine_limit(),
        stored=stored,
    )


def blocked_message(reasons: list[BlockReason]) -> str:
    return _("该读者暂不能借书：%(reasons)s") % {"reasons": "；".join(r.message for r in reasons)}


def reader_by_card(*, card_number: str) -> Reader:
    readers = Reader.objects.exclude(status=ReaderStatus.ERASED)
    reader = readers.filter(card_number=card_number.strip()).first()
    if reader is None:
        raise ReaderNotFoundError()
    return reader


def ensure_desk(actor, *, library_id: int) -> None:
    ensure_can(actor, Perm.CIRCULATION_DESK, library_id=library_id)


def ensure_self_or_desk(actor, *, reader: Reader, library_id: int | None) -> bool:
    """True when the reader acts for themself (online), else staff at a desk."""
    if actor is not None and actor.is_authenticated and reader.user_id == actor.pk:
        return True
    if library_id is None:
        raise PermissionDeniedError()
    ensure_desk(actor, library_id=library_id)
    return False


def reader_desk_open(*, actor, library_id: int, card_number: str) -> Reader:
    """A desk looks a reader up by card: allowed for any reader of the network
    (one card, one network), and audited like any staff read of personal data."""
    from wenlan.core import audit
    from wenlan.core.models import AuditAction

    ensure_desk(actor, library_id=library_id)
    reader = reader_by_card(card_number=card_number)
    audit.audit_record(actor=actor, action=AuditAction.READ, subject=reader, fields=["loans"])
    return reader


def checkout_blocks_for(*, reader: Reader):
    """The reasons `reader` may not borrow right now (empty when they may)."""
    return reader_blocks(reader=reader, rules=rules_load(), today=clock.today())
