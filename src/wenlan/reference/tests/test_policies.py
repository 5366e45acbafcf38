import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wenlan.reference.policies import (
    due_after_working_days,
    is_overdue,
    is_weekday,
    normalise_language,
)

TZ = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def test_monday_plus_three_is_thursday():
    assert due_after_working_days(at(dt.date(2026, 11, 23)), 3, is_weekday) == at(
        dt.date(2026, 11, 26)
    )


def test_friday_skips_the_weekend():
    assert due_after_working_days(at(dt.date(2026, 11, 27), 16), 3, is_weekday) == at(
        dt.date(2026, 12, 2), 16
    )


@pytest.mark.parametrize("day", [dt.date(2026, 11, 28), dt.date(2026, 11, 29)])
def test_asked_at_the_weekend_counts_from_monday(day):
    assert due_after_working_days(at(day), 3, is_weekday) == at(dt.date(2026, 12, 2))


def test_a_holiday_is_skipped_like_a_weekend():
    # New Year's Day 2027 is a Friday, closed: asked Wednesday 30 December, 3 days on
    # is Thursday 31, Monday 4, Tuesday 5.
    holidays = {dt.date(2027, 1, 1)}

    def working(day):
        return is_weekday(day) and day not in holidays

    assert due_after_working_days(at(dt.date(2026, 12, 30)), 3, working) == at(dt.date(2027, 1, 5))
    assert due_after_working_days(at(dt.date(2026, 12, 30)), 3, is_weekday) == at(
        dt.date(2027, 1, 4)
    )


def test_a_week_of_holidays():
    golden_week = {dt.date(2026, 10, d) for d in range(1, 8)}

    def working(day):
        return is_weekday(day) and day not in golden_week

    # Asked Wednesday 30 September: 1 is the 8th (Thursday), 2 the 9th.
    assert due_after_working_days(at(dt.date(2026, 9, 30)), 2, working) == at(dt.date(2026, 10, 9))


def test_zero_days_is_the_start():
    start = at(dt.date(2026, 11, 25))
    assert due_after_working_days(start, 0, is_weekday) == start


def test_a_calendar_with_no_working_day_stops():
    start = at(dt.date(2026, 11, 25))
    assert due_after_working_days(start, 3, lambda day: False) == start + dt.timedelta(days=366)


def test_overdue_only_while_open():
    now = at(dt.date(2026, 11, 25))
    earlier = now - dt.timedelta(minutes=1)
    assert is_overdue(status="new", due_at=earlier, now=now)
    assert is_overdue(status="referred", due_at=earlier, now=now)
    assert not is_overdue(status="answered", due_at=earlier, now=now)
    assert not is_overdue(status="new", due_at=now, now=now)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "zh-hans"),
        ("zh", "zh-hans"),
        ("zh-CN", "zh-hans"),
        ("zh_Hans", "zh-hans"),
        ("en", "en"),
        ("en-GB", "en"),
        ("fr", None),
        ("<script>", None),
    ],
)
def test_normalise_language(value, expected):
    assert normalise_language(value, default="zh-hans") == expected
