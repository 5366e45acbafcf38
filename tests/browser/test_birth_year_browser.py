"""A reader on a phone gives their birth year on their profile: a year in the
future is refused with the reason, a plausible one is kept and shown on /me/."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_375 = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def reader():
    # Made before the browser starts: Playwright's event loop forbids the ORM here.
    return ReaderFactory(card_number="HZ00000031")


def test_a_reader_gives_their_birth_year_on_their_phone(live_server, reader, browser):
    context = browser.new_context(locale="zh-CN", **PHONE_375)
    page = context.new_page()
    log_in(page, live_server.url, "HZ00000031")
    main = page.locator("#main")
    expect(main.locator("dt", has_text="出生年份")).to_be_visible()
    main.get_by_role("link", name="修改个人信息").click()
    year = main.get_by_label("出生年份")
    expect(year).to_have_value("")
    year.fill("2999")
    main.get_by_role("button", name="保存").click()
    expect(main.get_by_role("alert")).to_contain_text("出生年份不能晚于今年。")
    main.get_by_label("出生年份").fill("1986")
    main.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{live_server.url}/me/")
    expect(main.locator("dt:has-text('出生年份') + dd")).to_have_text("1986")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
