"""The network's working days: Monday to Friday, except the dates on which the
central library is closed by an opening exception (public holidays). Questions and
referrals are due after a number of these (reference.policies)."""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from wenlan.network.enums import LibraryKind
from wenlan.network.models import OpeningException
from wenlan.reference.models import AllianceMember, CategoryServiceLevel
from wenlan.reference.policies import due_after_working_days, is_weekday

# Holidays are read this far ahead of the start, once per due time.
_HORIZON_DAYS = 120


def closed_dates(*, start: dt.date, end: dt.date) -> set[dt.date]:
    """The dates between `start` and `end` (inclusive) on which a central library
    is closed all day."""
    return set(
        OpeningException.objects.filter(
            library__kind=LibraryKind.CENTRAL, is_closed=True, date__gte=start, date__lte=end
        ).values_list("date", flat=True)
    )


def working_day_test(*, start: dt.date) -> Callable[[dt.date], bool]:
    """`is_working_day(date)` for the months after `start`, holidays read once."""
    holidays = closed_dates(start=start, end=start + dt.timedelta(days=_HORIZON_DAYS))
    return lambda day: is_weekday(day) and day not in holidays


def question_due_working_days(*, category: str) -> int:
    """The category's override set in the admin, else WENLAN_REFERENCE_DUE_WORKING_DAYS."""
    level = CategoryServiceLevel.objects.filter(category=category).first()
    if level is not None:
        return level.due_working_days
    return settings.WENLAN_REFERENCE_DUE_WORKING_DAYS


def referral_due_working_days(*, partner_id: int) -> int:
    member = AllianceMember.objects.filter(partner_id=partner_id).first()
    if member is not None and member.referral_due_working_days:
        return member.referral_due_working_days
    return settings.WENLAN_REFERENCE_REFERRAL_DUE_WORKING_DAYS


def due_at(*, start: dt.datetime, working_days: int) -> dt.datetime:
    """`start` (an aware time) plus `working_days` of the network's working days."""
    local = timezone.localtime(start)
    return due_after_working_days(local, working_days, working_day_test(start=local.date()))
