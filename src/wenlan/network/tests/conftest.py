import datetime as dt

import pytest

from wenlan.network.tests.factories import (
    LibraryFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    ThemedBranchFactory,
)


@pytest.fixture
def network():
    central = LibraryFactory(
        code="HZ", name_zh="杭州图书馆", name_en="Hangzhou Public Library", kind="central"
    )
    district = LibraryFactory(
        code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library", parent=central
    )
    branch = ThemedBranchFactory(code="HZ-TEA", parent=district, name_en="Tea Culture Branch")
    OpeningHoursFactory(library=central, weekday=2, opens=dt.time(9), closes=dt.time(20, 30))
    OpeningHoursFactory(library=district, weekday=2, opens=dt.time(13), closes=dt.time(17))
    OpeningHoursFactory(library=branch, weekday=2, opens=dt.time(9), closes=dt.time(17))
    OpeningExceptionFactory(
        library=branch, date=dt.date(2026, 11, 25), reason_zh="设备检修", reason_en="Maintenance"
    )
    return central, district, branch
