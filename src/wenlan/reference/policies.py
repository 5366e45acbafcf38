"""Pure rules of the reference service: no database, no clock."""

import datetime as dt
from collections.abc import Callable

from wenlan.reference.enums import QUESTION_OPEN

# The longest a count of working days may search forward (a calendar closed for a
# whole season is a mistake, not a reason to loop for ever).
_MAX_DAYS_SEARCHED = 366


def due_after_working_days(
    start: dt.datetime, n: int, is_working_day: Callable[[dt.date], bool]
) -> dt.datetime:
    """The same time of day on the n-th working day after `start`'s date (`start`
    in the library's time zone). Asked on Friday at 10:00 with n=3: Wednesday at
    10:00; asked on Saturday: Wednesday too; a holiday on the way is skipped like a
    weekend. n of 0 (or less) is `start` itself."""
    if n <= 0:
        return start
    day, counted = start.date(), 0
    for _ in range(_MAX_DAYS_SEARCHED):
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
            if counted == n:
                return start + dt.timedelta(days=(day - start.date()).days)
    return start + dt.timedelta(days=_MAX_DAYS_SEARCHED)


def is_weekday(day: dt.date) -> bool:
    return day.weekday() < 5


def is_overdue(*, status: str, due_at: dt.datetime, now: dt.datetime) -> bool:
    """A question past its due time still waiting for an answer to the reader."""
    return status in QUESTION_OPEN and due_at < now


def normalise_language(value: str, *, default: str) -> str | None:
    """A language code as the site knows it ("zh-hans" or "en"), from what a form, a
    robot or a partner's client sends ("zh", "zh-CN", "zh_Hans", "en-GB"); "" is
    `default`; None for anything else."""
    code = value.strip().lower().replace("_", "-")
    if not code:
        return default
    if code == "zh" or code.startswith(("zh-hans", "zh-cn", "zh-sg")):
        return "zh-hans"
    if code == "en" or code.startswith("en-"):
        return "en"
    return None
