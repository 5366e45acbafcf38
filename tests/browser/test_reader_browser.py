"""A reader logs in, switches to English and sees the library list, in headless Chromium."""

import pytest

from wenlan.network.tests.factories import LibraryFactory, OpeningHoursFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader_and_library():
    # Made before the browser starts: Playwright's event loop forbids the ORM in this thread.
    library = LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")
    for weekday in range(7):
        OpeningHoursFactory(library=library, weekday=weekday)
    return ReaderFactory(card_number="HZ00000001", home_library=library)


def test_reader_logs_in_switches_to_english_and_sees_the_libraries(
    live_server, reader_and_library, browser
):
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("读者卡号或用户名").fill("HZ00000001")
    page.get_by_label("密码").fill("Correct-horse-42")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.get_by_role("heading", name="我的读者账号").is_visible()

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="My reader account").wait_for()

    page.get_by_role("link", name="Libraries").first.click()
    page.wait_for_url(f"{live_server.url}/libraries/")
    assert page.get_by_role("heading", name="Libraries and opening hours").is_visible()
    assert (
        page.locator("#library-list").get_by_role("link", name="Xihu District Library").is_visible()
    )
    assert page.locator("html").get_attribute("lang") == "en"

    # The choice is kept on the account: a fresh browser session logs in into English.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("读者卡号或用户名").fill("HZ00000001")
    page.get_by_label("密码").fill("Correct-horse-42")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="My reader account").wait_for()
