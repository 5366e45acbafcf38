"""悦读 in headless Chromium: a bookstore clerk lends a new book at the till on a
desk-sized page, in Chinese and in English, sees a double scan and a refusal
plainly; a reader sees the 悦读 loan among their loans on a phone."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import PASSWORD, staff_with_role
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory, OpeningHoursFactory
from wenlan.o2o.services.bookstore import TillSale, bookstore_loan_create
from wenlan.o2o.tests.factories import BookstoreFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def till_journey(db, settings, tmp_path):
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆",
                             name_en="Hangzhou Public Library")  # fmt: skip
    store = LibraryFactory(code="BS1", kind=LibraryKind.PARTNER_BOOKSTORE, parent=central,
                           name_zh="晓风书屋", name_en="Xiaofeng Bookstore")  # fmt: skip
    for weekday in range(7):
        OpeningHoursFactory(library=store, weekday=weekday)
    bookstore = BookstoreFactory(library=store, owner_library=central)
    return {
        "bookstore": bookstore,
        "clerk": staff_with_role(Role.BOOKSTORE_CLERK, library=store, username="clerk-bs1"),
        "clerk_en": staff_with_role(
            Role.BOOKSTORE_CLERK, library=store, username="clerk-en", language="en"
        ),
        "reader": ReaderFactory(card_number="HZ00000011", home_library=central),
    }


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("读者卡号或用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _scan(page, *, card, isbn, price, title="", author=""):
    page.get_by_label("读者证或电子读者证").fill(card)
    page.get_by_label("ISBN").fill(isbn)
    page.get_by_label("定价（元）").fill(price)
    page.get_by_label("题名").fill(title)
    page.get_by_label("责任者").fill(author)
    page.get_by_role("button", name="借出此书").click()
    page.wait_for_load_state()


def test_a_clerk_lends_a_new_book_at_the_till(live_server, till_journey, desktop):
    _log_in(desktop, live_server, "clerk-bs1")
    desktop.get_by_role("link", name="悦读收银台").click()
    desktop.get_by_role("heading", name="悦读收银台 · 晓风书屋").wait_for()
    # The cursor starts in the card field (autofocus, applied once the page is shown).
    expect(desktop.locator("#till-card")).to_be_focused()
    assert_accessible(desktop)
    _scan(desktop, card="HZ00000011", isbn="978-7-5442-9117-0", price="45.00",
          title="三体", author="刘慈欣")  # fmt: skip
    messages = desktop.locator(".messages")
    expect(messages).to_contain_text("已借出《三体》")
    expect(messages).to_contain_text("请在书上贴条码 YD")
    desktop.screenshot(path="var/browser-o2o-till.png", full_page=True)
    _scan(desktop, card="HZ00000011", isbn="9787544291170", price="45.00",
          title="三体", author="刘慈欣")  # fmt: skip
    # The first lend's message is on the page this scan leaves: wait for the new one.
    expect(messages).to_contain_text("重复扫描")
    _scan(desktop, card="HZ00000011", isbn="9787530216781", price="480.00",
          title="平凡的世界（精装典藏）", author="路遥")  # fmt: skip
    refusal = desktop.get_by_role("alert").filter(has_text="不能借出")
    expect(refusal).to_contain_text("定价 480.00 元，超过单册上限 80.00 元。")
    expect(desktop.get_by_label("责任者")).to_have_value("路遥")
    assert_accessible(desktop)
    desktop.get_by_role("link", name="本店悦读借阅").click()
    desktop.wait_for_url("**/staff/o2o/loans/**")
    expect(desktop.get_by_role("table")).to_contain_text("三体")


def test_the_till_in_english(live_server, till_journey, desktop):
    _log_in(desktop, live_server, "clerk-en")
    desktop.get_by_role("link", name="Yuedu till").click()
    desktop.get_by_role("heading", name="Yuedu till · Xiaofeng Bookstore").wait_for()
    desktop.get_by_label("Library card or e-card").fill("HZ00000011")
    desktop.get_by_label("ISBN").fill("9787544291170")
    desktop.get_by_label("Price (yuan)").fill("45.00")
    desktop.get_by_label("Title").fill("The Three-Body Problem")
    desktop.get_by_label("Author").fill("Liu Cixin")
    desktop.get_by_role("button", name="Lend", exact=True).click()
    expect(desktop.locator(".messages")).to_contain_text("“The Three-Body Problem” is lent, due")
    desktop.get_by_label("Library card or e-card").fill("NOBODY99")
    desktop.get_by_label("ISBN").fill("9787530216781")
    desktop.get_by_label("Price (yuan)").fill("30.00")
    desktop.get_by_role("button", name="Lend", exact=True).click()
    expect(desktop.get_by_role("alert").first).to_contain_text("No reader has this card or e-card.")
    main = desktop.locator("main").inner_text()
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in main)
    assert_accessible(desktop)


@pytest.fixture
def reader_with_yuedu_loan(till_journey):
    bookstore_loan_create(
        actor=till_journey["clerk"],
        store_id=till_journey["bookstore"].library_id,
        sale=TillSale(
            card="HZ00000011",
            isbn="9787544291170",
            price=Decimal("45.00"),
            title="三体",
            author="刘慈欣",
        ),  # fmt: skip
    )
    return till_journey["reader"]


def test_the_reader_sees_the_yuedu_loan_on_a_phone(live_server, reader_with_yuedu_loan, phone):
    _log_in(phone, live_server, "HZ00000011")
    phone.goto(f"{live_server.url}/me/loans/")
    row = phone.get_by_role("row").filter(has_text="三体")
    assert "悦读" in row.inner_text()
    assert_accessible(phone)
    phone.screenshot(path="var/browser-o2o-reader.png", full_page=True)
