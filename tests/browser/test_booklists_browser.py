"""Reading lists in headless Chromium: a branch librarian makes a list at a desk,
adds two books by ISBN and publishes it; a reader on a 375 px phone opens
/reading-lists/, the list, signs in from a book's hold button and places a hold,
then reads the list in English."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_circulation_browser import PASSWORD, _library
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def booklist_journey(db):
    west = _library("XH", "西湖区图书馆", "Xihu District Library", 30.25, 120.15)
    santi = record_create(title="三体", author="刘慈欣", isbn="9787536692930")
    huozhe = record_create(title="活着", author="余华", isbn="9787506365437")
    ItemFactory(record=santi, library=west, barcode="XH0001")
    ItemFactory(record=huozhe, library=west, barcode="XH0002")
    staff_with_role(Role.BRANCH_LIBRARIAN, library=west, username="xh-librarian")
    ReaderFactory(card_number="HZ00000001", home_library=west)
    return {"west": west}


def test_a_librarian_publishes_a_list_and_a_reader_holds_from_it(
    live_server, booklist_journey, browser, desktop
):
    base = live_server.url
    log_in(desktop, base, "xh-librarian")
    desktop.goto(f"{base}/staff/")
    desktop.get_by_role("link", name="书单管理").click()
    desktop.get_by_role("link", name="新建书单").click()
    desktop.get_by_label("中文标题").fill("西湖边读小说")
    desktop.get_by_label("英文标题").fill("Novels by the lake")
    desktop.get_by_label("中文简介").fill("两本当代小说。")
    desktop.get_by_role("button", name="创建").click()
    desktop.get_by_text("书单已创建，现在可以加书。").wait_for()
    add = desktop.locator("#book-add-isbn")
    books = desktop.locator("#staff-books")
    for isbn, title in (("978-7-5366-9293-0", "三体"), ("9787506365437", "活着")):
        add.get_by_label("ISBN").fill(isbn)
        add.get_by_role("button", name="按 ISBN 加入").click()
        # The first book's message is still on the page the second one leaves:
        # wait for this book in the list.
        expect(books).to_contain_text(title)
        desktop.get_by_text("已加入书单。").wait_for()
    assert "三体" in books.inner_text() and "活着" in books.inner_text()
    assert_accessible(desktop)
    desktop.get_by_role("button", name="发布书单").click()
    desktop.get_by_text("书单已发布。").wait_for()
    expect(desktop.locator("#booklist-status")).to_have_text("已发布")

    context = browser.new_context(locale="zh-CN", **PHONE_375)
    phone = context.new_page()
    phone.goto(f"{base}/reading-lists/")
    main = phone.locator("#main")
    main.get_by_role("link", name="西湖边读小说").click()
    first = main.locator("#book-1")
    first.get_by_text("1 册在架").wait_for()
    assert "三体" in first.inner_text() and "网络共 1 册" in first.inner_text()
    assert_accessible(phone)
    first.get_by_role("link", name="登录后预约").click()
    phone.get_by_label("读者卡号或用户名").fill("HZ00000001")
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.locator("#book-1").get_by_role("link", name="预约此书").click()
    phone.get_by_role("button", name="确认预约").click()
    phone.get_by_role("heading", name="预约成功").wait_for()
    assert "三体" in phone.locator("dl.facts").inner_text()

    phone.goto(f"{base}/reading-lists/")
    phone.get_by_role("button", name="English").click()
    phone.locator("#main").get_by_role("link", name="Novels by the lake").click()
    phone.get_by_role("heading", name="Novels by the lake").wait_for()
    expect(phone.locator("#book-2")).to_contain_text("1 copy on the shelf")
    assert_accessible(phone)
    context.close()
