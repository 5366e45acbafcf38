import datetime as dt

from wenlan.spaces.policies import slot_starts, week_bounds
from wenlan.spaces.tests.factories import DAY, NOW, at


def test_slot_grid_and_week_bounds():
    tz = NOW.tzinfo
    hourly = slot_starts(DAY, opens=dt.time(9), closes=dt.time(12), minutes=60, tzinfo=tz)
    assert [s.hour for s in hourly] == [9, 10, 11]
    uneven = slot_starts(DAY, opens=dt.time(9), closes=dt.time(10, 30), minutes=45, tzinfo=tz)
    assert len(uneven) == 2
    start, end = week_bounds(at(3, 10))
    assert (start, end) == (at(0, 0), at(7, 0))
