import datetime as dt

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.knowledge.services.articles import article_upsert
from wenlan.knowledge.tests.factories import article_content
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory, OpeningHoursFactory


@pytest.fixture
def kb():
    """Two articles in both languages."""
    article_upsert(
        SYSTEM,
        content=article_content(
            "west-lake",
            zh=(
                "西湖位于杭州市西部，三面环山，2011年6月作为文化景观列入世界遗产名录。",
                "苏堤是苏轼任杭州知州时疏浚西湖、用淤泥筑成的长堤，南北横贯湖面。",
            ),
            en=(
                "West Lake lies in the west of Hangzhou, hills on three sides; it was "
                "inscribed on the World Heritage List as a cultural landscape in June 2011.",
                "The Su Causeway was built by Su Shi, governor of Hangzhou, from the mud "
                "dredged out of the lake; it crosses the lake from south to north.",
            ),
        ),
    )
    article_upsert(
        SYSTEM,
        content=article_content(
            "library-card",
            title_zh="办理读者证",
            title_en="Getting a library card",
            zh=("在杭州图书馆办理读者证只需身份证，免押金，当场可借书。",),
            en=(
                "A library card at Hangzhou Public Library needs only an identity card; "
                "no deposit.",
            ),
        ),
    )


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
