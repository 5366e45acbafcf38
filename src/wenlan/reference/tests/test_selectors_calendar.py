import datetime as dt

import pytest

from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory, OpeningExceptionFactory
from wenlan.reference.selectors.calendar import closed_dates, due_at, working_day_test
from wenlan.reference.tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_only_the_central_librarys_closed_days_count(desk):
    district = LibraryFactory(kind=LibraryKind.DISTRICT)
    OpeningExceptionFactory(library=desk.central, date=dt.date(2026, 11, 27))
    OpeningExceptionFactory(library=district, date=dt.date(2026, 11, 30))
    OpeningExceptionFactory(  # short hours: still a working day
        library=desk.central,
        date=dt.date(2026, 12, 1),
        is_closed=False,
        opens=dt.time(9),
        closes=dt.time(12),
    )
    start, end = dt.date(2026, 11, 25), dt.date(2026, 12, 31)
    assert closed_dates(start=start, end=end) == {dt.date(2026, 11, 27)}
    working = working_day_test(start=start)
    assert not working(dt.date(2026, 11, 27))  # the holiday
    assert not working(dt.date(2026, 11, 28))  # Saturday
    assert working(dt.date(2026, 11, 30)) and working(dt.date(2026, 12, 1))


def test_due_at_is_counted_in_the_librarys_time_zone(desk):
    # 02:00 UTC on Wednesday is 10:00 in Hangzhou: three working days on is Monday.
    assert due_at(start=NOW.astimezone(dt.UTC), working_days=3) == NOW + dt.timedelta(days=5)
