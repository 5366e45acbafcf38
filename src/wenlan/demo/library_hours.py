"""When the demo may put something in a library's room: within the library's
opening hours on that day (its week, with the holidays), moved to the next day the
library is open, or earlier within the day, when the usual time does not fit."""

import datetime as dt
from collections.abc import Callable

from wenlan.network.policies import DayException, Period, periods_on
from wenlan.network.selectors import library_get, library_weekly_schedule

PeriodsOn = Callable[[dt.date], list[Period]]


def fit_in_hours(
    periods_on_day: PeriodsOn,
    day: dt.date,
    at: dt.time,
    minutes: int,
    *,
    not_before: dt.datetime | None = None,
    days_ahead: int = 7,
) -> dt.datetime | None:
    """The first start, on `day` or the next days, at `at` or moved within an opening
    period so that `minutes` fit inside it, and not before `not_before` (rounded up to
    the half hour). Naive local times; None when nothing fits within `days_ahead`."""
    length = dt.timedelta(minutes=minutes)
    if not_before is not None and not_before.minute % 30:
        not_before += dt.timedelta(minutes=30 - not_before.minute % 30)
    if not_before is not None:
        not_before = not_before.replace(second=0, microsecond=0)
    for offset in range(days_ahead):
        date = day + dt.timedelta(days=offset)
        for period in periods_on_day(date):
            opens = dt.datetime.combine(date, period.opens)
            closes = dt.datetime.combine(date, period.closes)
            earliest = max(opens, not_before) if not_before is not None else opens
            begins = min(max(dt.datetime.combine(date, at), earliest), closes - length)
            if begins >= earliest:
                return begins
    return None


def library_periods(library_code: str) -> PeriodsOn:
    """The library's opening periods on a date: its week, with the exceptions."""
    library = library_get(code=library_code)
    weekly = library_weekly_schedule(library)
    exceptions = {
        e.date: DayException(
            e.is_closed, Period(e.opens, e.closes) if e.opens and e.closes else None
        )
        for e in library.upcoming_exceptions
    }
    return lambda date: periods_on(date, weekly, exceptions)
