"""Pure rules of booking a space: no database, tested alone."""

import datetime as dt


def slot_starts(
    day: dt.date, *, opens: dt.time, closes: dt.time, minutes: int, tzinfo
) -> list[dt.datetime]:
    """The starts of the whole slots between `opens` and `closes` on `day`."""
    start = dt.datetime.combine(day, opens, tzinfo=tzinfo)
    end = dt.datetime.combine(day, closes, tzinfo=tzinfo)
    step = dt.timedelta(minutes=minutes)
    starts = []
    while start + step <= end:
        starts.append(start)
        start += step
    return starts


def week_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 to the next Monday 00:00 around `moment`, in its own time zone."""
    monday = (moment - dt.timedelta(days=moment.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return monday, monday + dt.timedelta(days=7)
