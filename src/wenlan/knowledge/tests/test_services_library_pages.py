import datetime as dt

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.knowledge.models import Article
from wenlan.knowledge.selectors.retrieval import search
from wenlan.knowledge.services.library_pages import library_pages_refresh
from wenlan.network.enums import LibraryKind
from wenlan.network.services import library_set_weekly_hours
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def libraries():
    hz = LibraryFactory(
        code="HZ",
        kind=LibraryKind.CENTRAL,
        name_zh="杭州图书馆",
        name_en="Hangzhou Public Library",
        address_zh="杭州市上城区解放东路58号",
        address_en="58 Jiefang East Road, Shangcheng District, Hangzhou",
        phone="0571-87654321",
    )
    library_set_weekly_hours(
        library=hz,
        periods=[(day, dt.time(9), dt.time(21)) for day in range(6)],
    )
    LibraryFactory(code="BOOKS1", kind=LibraryKind.PARTNER_BOOKSTORE)
    return hz


def texts(slug: str, language: str) -> list[str]:
    article = Article.objects.get(slug=slug)
    return list(article.passages.filter(language=language).values_list("text", flat=True))


def test_each_library_gets_a_page_from_its_data(libraries):
    with clock.freeze(dt.datetime(2026, 12, 3, 8, tzinfo=dt.UTC)):
        report = library_pages_refresh(SYSTEM)
    assert report.summary() == {"created": 1, "updated": 0, "unchanged": 0, "unpublished": 0}
    article = Article.objects.get(slug="library-hz")
    assert article.kind == "library"
    assert article.review_on == dt.date(2027, 1, 1)
    assert [s.url for s in article.sources.all()] == ["/libraries/HZ/"]
    assert texts("library-hz", "zh-hans") == [
        "杭州图书馆的地址：杭州市上城区解放东路58号。读者可以按这个地址到馆。",
        "杭州图书馆的联系电话是 0571-87654321。",
        "杭州图书馆每周的开放时间：周一 09:00–21:00；周二 09:00–21:00；周三 09:00–21:00；"
        "周四 09:00–21:00；周五 09:00–21:00；周六 09:00–21:00；周日闭馆。"
        "节假日的调整以图书馆页面的公告为准。",
    ]
    assert texts("library-hz", "en")[0] == (
        "The address of Hangzhou Public Library is 58 Jiefang East Road, Shangcheng District, "
        "Hangzhou."
    )
    assert search("杭图的电话是多少")[0].ref == "library-hz#2"
    assert search("What is the phone number of Hangzhou Public Library?")[0].ref == "library-hz#2"


def test_a_change_of_hours_or_address_is_written_and_nothing_else(libraries):
    library_pages_refresh(SYSTEM)
    assert library_pages_refresh(SYSTEM).summary()["unchanged"] == 1
    library_set_weekly_hours(library=libraries, periods=[(6, dt.time(10), dt.time(17))])
    assert library_pages_refresh(SYSTEM).summary()["updated"] == 1
    assert "周日 10:00–17:00" in texts("library-hz", "zh-hans")[2]


def test_a_library_no_longer_active_is_unpublished(libraries):
    library_pages_refresh(SYSTEM)
    libraries.is_active = False
    libraries.save()
    assert library_pages_refresh(SYSTEM).summary()["unpublished"] == 1
    assert not Article.objects.get(slug="library-hz").is_published
    libraries.is_active = True
    libraries.save()
    assert library_pages_refresh(SYSTEM).summary()["updated"] == 1
    assert Article.objects.get(slug="library-hz").is_published
