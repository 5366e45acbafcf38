import datetime as dt

from wenlan.network.policies import DayException, Period, is_open_at, next_opening, periods_on

WEEKLY = {
    0: [Period(dt.time(12), dt.time(20, 30))],
    1: [Period(dt.time(9), dt.time(12)), Period(dt.time(13), dt.time(17))],
}
HOLIDAY = {dt.date(2026, 11, 24): DayException(True, None)}  # a Tuesday


def test_open_inside_a_period_and_closed_at_its_end():
    monday = dt.date(2026, 11, 23)
    assert is_open_at(dt.datetime.combine(monday, dt.time(12)), WEEKLY, {}) is True
    assert is_open_at(dt.datetime.combine(monday, dt.time(20, 29)), WEEKLY, {}) is True
    assert is_open_at(dt.datetime.combine(monday, dt.time(20, 30)), WEEKLY, {}) is False
    assert is_open_at(dt.datetime.combine(monday, dt.time(11, 59)), WEEKLY, {}) is False


def test_lunch_break_is_closed():
    tuesday = dt.date(2026, 11, 17)
    assert is_open_at(dt.datetime.combine(tuesday, dt.time(12, 30)), WEEKLY, {}) is False
    assert is_open_at(dt.datetime.combine(tuesday, dt.time(13, 0)), WEEKLY, {}) is True


def test_holiday_closes_a_normal_day_and_special_hours_replace_the_week():
    holiday = dt.date(2026, 11, 24)
    assert periods_on(holiday, WEEKLY, HOLIDAY) == []
    assert is_open_at(dt.datetime.combine(holiday, dt.time(10)), WEEKLY, HOLIDAY) is False
    special = {holiday: DayException(False, Period(dt.time(14), dt.time(16)))}
    assert periods_on(holiday, WEEKLY, special) == [Period(dt.time(14), dt.time(16))]


def test_next_opening_skips_closed_days():
    # Sunday evening: nothing on Sunday, Monday opens at noon.
    sunday = dt.datetime(2026, 11, 22, 18, 0)
    assert next_opening(sunday, WEEKLY, {}) == dt.datetime(2026, 11, 23, 12, 0)
    # Monday 23 Nov after closing; Tuesday 24 is a holiday, so the next is Monday 30.
    assert next_opening(dt.datetime(2026, 11, 23, 21, 0), WEEKLY, HOLIDAY) == dt.datetime(
        2026, 11, 30, 12, 0
    )


def test_no_hours_means_no_next_opening():
    assert next_opening(dt.datetime(2026, 11, 23, 9, 0), {}, {}) is None
