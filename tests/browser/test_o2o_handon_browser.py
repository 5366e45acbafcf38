"""悦享 in headless Chromium, on two phones: the giver offers a loan from their
loans page and shows the code; the receiver types it on theirs and accepts; each
then sees only their own part (the book gone from one's loans, on the other's)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, log_in
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.circulation.tests.factories import LoanFactory
from wenlan.core import clock
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def handon_journey(db, settings, tmp_path):
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆")
    giver = ReaderFactory(card_number="HZ00000021", home_library=central, name="吴婷")
    receiver = ReaderFactory(card_number="HZ00000022", home_library=central, name="孙浩")
    due = clock.today() + dt.timedelta(days=20)
    item = ItemFactory(
        record=record_create(title="长安的荔枝", author="马伯庸"),
        library=central,
        barcode="HZ0000777",
        status="on_loan",
        due_on=due,
    )
    LoanFactory(item=item, reader=giver, due_on=due)
    return {"giver": giver, "receiver": receiver}


def test_a_loan_handed_on_from_phone_to_phone(live_server, handon_journey, browser, phone):
    log_in(phone, live_server.url, "HZ00000021")
    phone.goto(f"{live_server.url}/me/loans/")
    row = phone.get_by_role("row").filter(has_text="长安的荔枝")
    row.get_by_role("link", name="转借").click()
    phone.get_by_role("heading", name="转借《长安的荔枝》").wait_for()
    assert_accessible(phone)
    phone.get_by_role("button", name="生成转借码").click()
    code = phone.locator("#handon-code").inner_text()
    assert len(code) == 8
    expect(phone.get_by_role("img", name="转借二维码")).to_be_visible()
    assert_accessible(phone)
    phone.screenshot(path="var/browser-o2o-handon-offer.png", full_page=True)

    context = browser.new_context(locale="zh-CN", **PHONE)
    other = context.new_page()
    log_in(other, live_server.url, "HZ00000022")
    other.goto(f"{live_server.url}/me/loans/")
    other.get_by_role("link", name="悦享转借").click()
    other.get_by_label("转借码").fill(code.lower())
    other.get_by_role("button", name="查看").click()
    other.get_by_role("heading", name="《长安的荔枝》").wait_for()
    assert_accessible(other)
    other.screenshot(path="var/browser-o2o-handon-accept.png", full_page=True)
    other.get_by_role("button", name="接受转借").click()
    expect(other.locator(".messages")).to_contain_text("《长安的荔枝》已转到您的名下")
    expect(other.get_by_role("row").filter(has_text="HZ0000777")).to_contain_text("长安的荔枝")
    other.screenshot(path="var/browser-o2o-handon-received.png", full_page=True)
    context.close()

    phone.goto(f"{live_server.url}/me/loans/")
    assert "没有在借图书。" in phone.locator("main").inner_text()
    phone.goto(f"{live_server.url}/me/handon/")
    given = phone.locator("section").filter(has_text="我转出的书")
    assert "已转借" in given.inner_text() and "孙浩" not in phone.content()
    assert_accessible(phone)
    phone.screenshot(path="var/browser-o2o-handon-given.png", full_page=True)
