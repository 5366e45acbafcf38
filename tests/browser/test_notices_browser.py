"""A reader on a phone opens the notices inbox from the account page, in Chinese and
in English, and marks a notice read."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory
from wenlan.notices.enums import NoticeKind
from wenlan.notices.models import Notice
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader_with_notices():
    library = LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")
    reader = ReaderFactory(card_number="HZ00000002", home_library=library, name="李华")
    Notice.objects.create(
        reader=reader,
        kind=NoticeKind.HOLD_READY,
        key="hold:1:1",
        params={
            "title": "红楼梦",
            "library": {"zh-hans": "西湖区图书馆", "en": "Xihu District Library"},
            "until": "2026-12-02",
        },
        link="/me/holds/",
        created_at=clock.now(),
    )
    Notice.objects.create(
        reader=reader,
        kind=NoticeKind.EVENT_CANCELLED,
        key="registration:1:cancelled",
        params={
            "title": {"zh-hans": "西湖诗会", "en": "West Lake Poetry"},
            "when": "2026-12-05 14:00",
            "reason": "",
        },
        created_at=clock.now(),
    )
    return reader


def test_reader_reads_notices_on_a_phone_in_both_languages(
    live_server, reader_with_notices, phone, tmp_path
):
    page = phone
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("读者卡号或用户名").fill("HZ00000002")
    page.get_by_label("密码").fill("Correct-horse-42")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/me/")
    page.get_by_role("link", name="通知").click()
    page.wait_for_url(f"{live_server.url}/me/notices/")
    assert page.get_by_role("heading", name="通知", exact=True).is_visible()
    # The count only: a time such as 18:41 beside a card's "Unread" badge reads "1 unread" too.
    summary = page.locator("#notices-unread")
    assert summary.inner_text().startswith("未读 2 条")
    assert page.get_by_role("link", name="预约到书：红楼梦").is_visible()
    assert page.get_by_text("已到 西湖区图书馆，请于 2026-12-02 前取书").is_visible()
    assert page.get_by_role("heading", name="未读 活动取消：西湖诗会").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "inbox-zh.png"), full_page=True)

    page.get_by_role("button", name="标为已读", exact=True).first.click()
    page.locator("#notices-unread", has_text="未读 1 条").wait_for()

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Notices", exact=True).wait_for()
    expect(summary).to_have_text(re.compile(r"^1 unread"))
    expect(page.get_by_role("link", name="Hold ready: 红楼梦")).to_be_visible()
    expect(page.get_by_text("Xihu District Library").first).to_be_visible()
    expect(page.get_by_text("Event cancelled: West Lake Poetry")).to_be_visible()
    assert "通知" not in page.locator("main").inner_text()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "inbox-en.png"), full_page=True)
