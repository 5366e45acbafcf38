"""A reader signs up on the event page and shows the ticket; staff at the door check
the code in on the phone page. Headless Chromium, against the live server."""

import datetime as dt
import os
import shutil

import pytest
from django.utils import timezone

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import PASSWORD, staff_with_role
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory
from wenlan.patrons.tests.factories import ReaderFactory

CHROMIUM = os.environ.get("WENLAN_CHROMIUM", "/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def scene():
    # Made before the browser starts: Playwright's event loop forbids the ORM in this thread.
    starts = timezone.now() + dt.timedelta(hours=2)
    occurrence = OccurrenceFactory(
        event=EventFactory(title_zh="院士讲座：星辰大海"), starts_at=starts, capacity=1
    )
    reader = ReaderFactory(card_number="HZ00000042")
    staff = staff_with_role(
        Role.BRANCH_LIBRARIAN, library=occurrence.event.venue.library, username="door"
    )
    return occurrence, reader, staff


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("读者卡号或用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_reader_registers_and_staff_check_the_ticket_in(live_server, scene, browser):
    occurrence, reader, staff = scene
    phone = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN"}

    page = browser.new_page(**phone)
    _log_in(page, live_server.url, reader.card_number)
    page.goto(f"{live_server.url}/events/{occurrence.event_id}/")
    page.get_by_role("button", name="报名").click()
    message = page.locator(".messages").inner_text()
    assert "报名成功" in message
    code = message.split("票券码 ")[1].rstrip("。").strip()
    page.get_by_role("link", name="我的票券").click()
    assert page.locator(".ticket-code").inner_text() == code
    assert page.locator(".ticket-qr svg").is_visible()

    door = browser.new_page(**phone)
    _log_in(door, live_server.url, staff.username)
    door.goto(f"{live_server.url}/staff/events/checkin/")
    door.get_by_label("票券码").fill(code.lower())
    door.get_by_role("button", name="签到", exact=True).click()
    assert "签到成功" in door.locator("#checkin-result").inner_text()
    assert reader.name in door.locator("#checkin-result").inner_text()
    # the field is empty and focused for the next person in the queue
    assert door.get_by_label("票券码").input_value() == ""
    door.get_by_label("票券码").fill(code)
    door.get_by_role("button", name="签到", exact=True).click()
    assert "该票券已于" in door.locator("#checkin-result").inner_text()
