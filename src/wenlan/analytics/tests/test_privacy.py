"""The rule that a published figure covers at least ten readers. (That no file of
the export says who a reader is, is checked on the demo's export:
demo/tests/test_analytics_demo.py.)"""

from wenlan.analytics.policies import suppress_small_cells


def test_small_cells_are_suppressed():
    rows = [
        {"month": "2026-03", "readers": 10, "loans": 40},
        {"month": "2026-04", "readers": 9, "loans": 90},
        {"month": "2026-05", "readers": None, "loans": 1},
        {"month": "2026-06", "readers": 0, "loans": 0},
    ]
    kept = suppress_small_cells(rows, "readers")
    assert kept.rows == [rows[0]] and kept.suppressed == 3 and kept.minimum == 10
    assert suppress_small_cells(rows, "readers", minimum=9).rows == rows[:2]


def test_the_minimum_is_a_setting(settings):
    settings.WENLAN_ANALYTICS_MIN_READERS = 2
    assert suppress_small_cells([{"r": 2}, {"r": 1}], "r").rows == [{"r": 2}]
