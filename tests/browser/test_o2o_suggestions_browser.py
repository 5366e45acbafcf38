"""悦购 in headless Chromium: a reader on a phone checks an ISBN the library holds
(and is offered a hold), then suggests a new book; the acquisitions librarian
accepts it at a desk and the order list shows it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HELD_ISBN = "9787020002207"
NEW_ISBN = "9787544291170"


@pytest.fixture
def suggestion_journey(db, settings, tmp_path):
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆")
    record = record_create(title="红楼梦", author="曹雪芹", isbn=HELD_ISBN)
    ItemFactory(record=record, library=central)
    ReaderFactory(card_number="HZ00000031", home_library=central)
    staff_with_role(Role.ACQUISITIONS_LIBRARIAN, library=central, username="buyer-hz")


def test_a_reader_suggests_on_a_phone_and_staff_accept(
    live_server, suggestion_journey, phone, desktop
):
    log_in(phone, live_server.url, "HZ00000031")
    phone.goto(f"{live_server.url}/me/")
    phone.get_by_role("link", name="悦购荐购").click()
    phone.get_by_label("ISBN").fill(HELD_ISBN)
    phone.get_by_role("button", name="先查馆藏").click()
    held = phone.locator("#already-held")
    expect(held).to_contain_text("馆藏中已有这本书")
    expect(held.get_by_role("link", name="预约这本书")).to_be_visible()
    assert_accessible(phone)
    phone.screenshot(path="var/browser-o2o-suggest-held.png", full_page=True)

    phone.get_by_label("ISBN").fill(NEW_ISBN)
    phone.get_by_label("题名").fill("三体")
    phone.get_by_label("责任者").fill("刘慈欣")
    phone.get_by_role("button", name="提交荐购").click()
    expect(phone.locator(".messages")).to_contain_text("已收到您的荐购")
    expect(phone.locator(".card").filter(has_text="三体")).to_contain_text("待处理")
    assert_accessible(phone)
    phone.screenshot(path="var/browser-o2o-suggest-sent.png", full_page=True)

    log_in(desktop, live_server.url, "buyer-hz")
    desktop.goto(f"{live_server.url}/staff/o2o/suggestions/")
    row = desktop.get_by_role("row").filter(has_text="三体")
    expect(row).to_contain_text(NEW_ISBN)
    assert_accessible(desktop)
    row.get_by_role("button", name="采纳并订购").click()
    expect(desktop.locator(".messages")).to_contain_text("《三体》已列入订购单。")
    desktop.get_by_role("link", name="订购单").click()
    # The suggestions' queue has the same row: wait for the orders page.
    desktop.wait_for_url(f"{live_server.url}/staff/o2o/suggestions/orders/")
    expect(desktop.get_by_role("row").filter(has_text="三体")).to_contain_text(NEW_ISBN)
    assert_accessible(desktop)
    desktop.screenshot(path="var/browser-o2o-suggest-orders.png", full_page=True)

    phone.reload()
    expect(phone.locator(".card").filter(has_text="三体")).to_contain_text("已采纳（订购中）")
