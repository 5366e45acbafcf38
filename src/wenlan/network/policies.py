"""Opening hours as pure rules: no database, local times in the library's zone."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class DayException:
    is_closed: bool
    period: Period | None


def periods_on(
    day: dt.date,
    weekly: dict[int, list[Period]],
    exceptions: dict[dt.date, DayException],
) -> list[Period]:
    exception = exceptions.get(day)
    if exception is not None:
        return [] if exception.is_closed or exception.period is None else [exception.period]
    return weekly.get(day.weekday(), [])


def is_open_at(
    moment: dt.datetime,
    weekly: dict[int, list[Period]],
    exceptions: dict[dt.date, DayException],
) -> bool:
    """`moment` is a naive or aware local time; periods are half-open [opens, closes)."""
    local_time = moment.time().replace(tzinfo=None)
    return any(
        p.opens <= local_time < p.closes for p in periods_on(moment.date(), weekly, exceptions)
    )


def next_opening(
    moment: dt.datetime,
    weekly: dict[int, list[Period]],
    exceptions: dict[dt.date, DayException],
    *,
    horizon_days: int = 31,
) -> dt.datetime | None:
    """The next moment after `moment` when the library opens, or None within the horizon."""
    local_time = moment.time().replace(tzinfo=None)
    for offset in range(horizon_days + 1):
        day = moment.date() + dt.timedelta(days=offset)
        for period in periods_on(day, weekly, exceptions):
            if offset == 0 and period.opens <= local_time:
                continue
            return dt.datetime.combine(day, period.opens, tzinfo=moment.tzinfo)
    return None
