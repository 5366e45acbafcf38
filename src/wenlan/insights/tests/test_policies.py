"""The dashboard's pure rules: periods, masking small cells, combining libraries'
rows on the safe side, the windows and the rising rule."""

import datetime as dt

from wenlan.insights import policies


def test_the_default_period_is_the_last_twelve_months():
    period = policies.period_default(dt.date(2026, 3, 15))
    assert (period.month_from, period.month_to) == ("2025-04", "2026-03")


def test_a_period_is_read_put_in_order_and_bad_input_falls_back():
    today = dt.date(2026, 3, 15)
    assert policies.period_parse("2026-02", "2025-11", today) == policies.Period(
        "2025-11", "2026-02"
    )
    assert policies.period_parse("2026-13", "x", today) == policies.period_default(today)
    assert policies.month_shift("2026-01", -1) == "2025-12"
    assert policies.month_shift("2025-12", 13) == "2027-01"


def test_cells_under_the_minimum_show_no_value_but_keep_their_row():
    rows = [
        {"month": "2026-01", "loans": 40, "readers": 12},
        {"month": "2026-02", "loans": 9, "readers": 9},
        {"month": "2026-03", "loans": 3, "readers": None},
    ]
    cells = policies.cells_mask(rows, readers_column="readers", values=("loans",), minimum=10)
    assert cells.suppressed == 2
    assert cells.rows == [
        {"month": "2026-01", "loans": 40, "readers": 12, "suppressed": False},
        {"month": "2026-02", "loans": None, "readers": None, "suppressed": True},
        {"month": "2026-03", "loans": None, "readers": None, "suppressed": True},
    ]
    assert rows[1]["loans"] == 9  # the input is not changed


def test_figures_without_readers_are_not_masked():
    cells = policies.cells_mask(
        [{"library": 1, "items": 3}], readers_column=None, values=("items",), minimum=10
    )
    assert cells.suppressed == 0
    assert cells.rows == [{"library": 1, "items": 3, "suppressed": False}]


def test_libraries_combined_take_the_largest_readers_count_never_the_sum():
    rows = [
        {"day": "d1", "library": 1, "loans": 5, "readers": 6},
        {"day": "d1", "library": 2, "loans": 7, "readers": 8},
        {"day": "d2", "library": 1, "loans": 20, "readers": 11},
    ]
    combined = policies.rows_combine(rows, keys=("day",), sums=("loans",))
    # 6 + 8 readers could be the same people: at least 8, maybe no more.
    assert combined == [
        {"day": "d1", "loans": 12, "readers": 8},
        {"day": "d2", "loans": 20, "readers": 11},
    ]


def test_windows_end_yesterday_and_compare_the_same_weekdays_a_year_before():
    windows = policies.windows_for(dt.date(2026, 12, 3), weeks=1)
    assert windows.current == (dt.date(2026, 11, 26), dt.date(2026, 12, 2))
    assert windows.previous == (dt.date(2026, 11, 19), dt.date(2026, 11, 25))
    assert windows.last_year == (dt.date(2025, 11, 27), dt.date(2025, 12, 3))
    assert windows.last_year[0].weekday() == windows.current[0].weekday()
    params = windows.params(7)
    assert params["month_from"] == "2025-11" and params["month_to"] == "2026-12"
    assert params["library"] == "7" and params["current_from"] == "2026-11-26"


def test_a_topic_rises_against_the_week_before_or_last_year_with_enough_loans():
    assert policies.is_rising(loans=20, previous=10, last_year=30)
    assert policies.is_rising(loans=20, previous=30, last_year=10)
    assert policies.is_rising(loans=12, previous=0, last_year=0)  # new
    assert not policies.is_rising(loans=20, previous=19, last_year=20)
    assert not policies.is_rising(loans=9, previous=1, last_year=1)  # too few
    assert policies.rise_ratio(15, 10) == 1.5
    assert policies.rise_ratio(15, 0) is None
