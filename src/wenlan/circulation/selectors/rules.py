"""The loan rules and library calendars that every lend and return reads, kept per
process for WENLAN_CIRC_CACHE_SECONDS; the rules table; whether a copy can fill a hold."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db.models import BooleanField, DateField, IntegerField, QuerySet, Value
from django.db.models.functions import Coalesce

from wenlan.circulation.models import Policy
from wenlan.circulation.policies import PolicyRule, is_open_day, policy_resolve
from wenlan.core.cache import process_cached
from wenlan.network.models import Library, OpeningException, OpeningHours
from wenlan.network.policies import DayException, Period
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


def policy_table() -> QuerySet[Policy]:
    return Policy.objects.select_related("library").order_by(
        Coalesce("library_id", 0), "reader_category", "item_type"
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
