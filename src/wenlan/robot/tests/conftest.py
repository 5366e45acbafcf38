import datetime as dt

import pytest

from wenlan.knowledge.tests.factories import west_lake_and_library_card
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory, OpeningHoursFactory


@pytest.fixture
def kb():
    """Two articles in both languages."""
    west_lake_and_library_card()


@pytest.fixture
def central():
    """杭州图书馆, open 09:00-20:30 every day."""
    library = LibraryFactory(
        code="HZ",
        name_zh="杭州图书馆",
        name_en="Hangzhou Public Library",
        kind=LibraryKind.CENTRAL,
        address_zh="杭州市上城区解放东路58号",
        address_en="58 Jiefang East Road",
    )
    for weekday in range(7):
        OpeningHoursFactory(
            library=library, weekday=weekday, opens=dt.time(9), closes=dt.time(20, 30)
        )
    return library
