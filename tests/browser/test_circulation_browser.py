"""Circulation journeys in headless Chromium: a reader places a hold from a record
page and renews on a phone; staff lend at the desk, print a receipt, work the pull
list and save the loan rules on a desktop."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.tests.factories import LoanFactory, PolicyFactory
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory, OpeningHoursFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-horse-42"


def _library(code, name_zh, name_en, lat, lon):
    library = LibraryFactory(
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        latitude=Decimal(str(lat)),
        longitude=Decimal(str(lon)),
    )
    for weekday in range(7):
        OpeningHoursFactory(library=library, weekday=weekday)
    return library


@pytest.fixture
def network(db):
    return {
        "west": _library("XH", "西湖区图书馆", "Xihu District Library", 30.25, 120.15),
        "north": _library("GS", "拱墅区图书馆", "Gongshu District Library", 30.32, 120.14),
    }


def _log_in(page, card):
    page.get_by_label("读者卡号或用户名").fill(card)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.fixture
def hold_journey(network):
    record = RecordFactory(title="江南园林志")
    ItemFactory(record=record, library=network["north"], barcode="GS0001", shelf_location="2F")
    reader = ReaderFactory(card_number="HZ00000001", home_library=network["west"])
    return {"record": record, "reader": reader}


def test_a_reader_logs_in_from_the_record_page_and_places_a_hold(live_server, hold_journey, phone):
    record_url = f"{live_server.url}/catalog/records/{hold_journey['record'].pk}/"
    phone.goto(record_url)
    assert_accessible(phone)
    phone.get_by_role("link", name="登录后预约").click()
    _log_in(phone, "HZ00000001")
    phone.wait_for_url(record_url)

    phone.screenshot(path="var/browser-record-hold.png", full_page=True)
    phone.get_by_role("link", name="预约此书").click()
    pickup = phone.get_by_label("取书馆")
    # all_inner_texts() does not wait: the record page may still be shown.
    expect(pickup.locator("option").first).to_have_text(re.compile(r"^西湖区图书馆.*我的注册馆"))
    expect(pickup).to_have_value(str(hold_journey["reader"].home_library_id))
    phone.get_by_role("button", name="确认预约").click()

    phone.get_by_role("heading", name="预约成功").wait_for()
    facts = phone.locator("dl.facts").inner_text()
    assert "江南园林志" in facts and "西湖区图书馆" in facts and "排队第 1 位" in facts
    phone.get_by_role("link", name="查看我的预约").click()
    row = phone.get_by_role("row").filter(has_text="江南园林志")
    expect(row).to_contain_text("排队第 1 位")
    assert_accessible(phone)


def test_the_hold_journey_in_english(live_server, hold_journey, phone):
    phone.goto(f"{live_server.url}/accounts/login/")
    _log_in(phone, "HZ00000001")
    phone.get_by_role("heading", name="我的读者账号").wait_for()
    phone.get_by_role("button", name="English").click()
    phone.get_by_role("heading", name="My reader account").wait_for()
    assert_accessible(phone)
    phone.goto(f"{live_server.url}/catalog/records/{hold_journey['record'].pk}/")
    phone.get_by_role("link", name="Place a hold").click()
    pickup = phone.get_by_label("Pickup library")
    expect(pickup.locator("option").first).to_have_text("Xihu District Library · My home library")
    phone.get_by_role("button", name="Confirm hold").click()
    phone.get_by_role("heading", name="Hold placed").wait_for()
    facts = phone.locator("dl.facts").inner_text()
    assert "Xihu District Library" in facts and "Position 1 in queue" in facts
    main = phone.locator("main").inner_text()
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in main.replace("江南园林志", ""))


@pytest.fixture
def loans_journey(network):
    reader = ReaderFactory(card_number="HZ00000002", home_library=network["west"])
    today = clock.today()
    LoanFactory(
        reader=reader,
        item__library=network["west"],
        item__record__title="Due soon",
        item__due_on=today + dt.timedelta(days=3),
    )
    LoanFactory(
        reader=reader,
        item__library=network["west"],
        item__record__title="Due later",
        item__due_on=today + dt.timedelta(days=20),
    )
    return {"reader": reader, "today": today}


def test_a_reader_sees_when_loans_can_be_renewed_and_renews_all_in_english(
    live_server, loans_journey, phone
):
    today = loans_journey["today"]
    phone.goto(f"{live_server.url}/accounts/login/")
    _log_in(phone, "HZ00000002")
    phone.get_by_role("heading", name="我的读者账号").wait_for()
    phone.get_by_role("button", name="English").click()
    phone.get_by_role("heading", name="My reader account").wait_for()
    phone.goto(f"{live_server.url}/me/loans/")
    soon = phone.get_by_role("row").filter(has_text="Due soon").inner_text()
    opens = today + dt.timedelta(days=3 - 7)
    assert f"Renewable from {opens:%Y-%m-%d} to {today + dt.timedelta(days=3):%Y-%m-%d}" in soon
    assert f"Due {today + dt.timedelta(days=33):%Y-%m-%d} if renewed" in soon
    later = phone.get_by_role("row").filter(has_text="Due later").inner_text()
    assert f"It can be renewed from {today + dt.timedelta(days=13):%Y-%m-%d}." in later
    assert_accessible(phone)
    phone.screenshot(path="var/browser-loans-en.png", full_page=True)

    phone.get_by_role("button", name="Renew all").click()
    messages = phone.locator(".messages")
    expect(messages).to_contain_text(
        f"“Due soon” renewed; new due date {today + dt.timedelta(days=33):%Y-%m-%d}."
    )
    expect(messages).to_contain_text(
        f"“Due later” not renewed: It can be renewed from {today + dt.timedelta(days=13):%Y-%m-%d}."
    )
    assert "续借" not in phone.locator("main").inner_text()


@pytest.fixture
def desk_journey(network):
    west = network["west"]
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=west)
    librarian.set_password(PASSWORD)
    librarian.save()
    ReaderFactory(card_number="HZ00000003", home_library=west)
    for n in (1, 2):
        ItemFactory(library=west, barcode=f"XH000{n}", record__title=f"第{n}册书")
    return {"librarian": librarian, "west": west}


def test_at_the_desk_each_scan_lands_in_the_item_field_and_a_receipt_prints(
    live_server, desk_journey, desktop
):
    log_in(desktop, live_server.url, desk_journey["librarian"].username)
    desktop.goto(f"{live_server.url}/staff/circulation/?library=XH")
    expect(desktop.locator("#card-card")).to_be_focused()
    desktop.keyboard.type("HZ00000003\n")
    desktop.wait_for_url("**card=HZ00000003**")
    assert_accessible(desktop)
    for barcode, title in (("XH0001", "第1册书"), ("XH0002", "第2册书")):
        expect(desktop.locator("#lend-barcode")).to_be_focused()
        desktop.keyboard.type(barcode + "\n")  # a scanner types the code and Enter
        # The first lend's message is still on the page the second scan leaves:
        # wait for this lend's own copy in the loans.
        expect(desktop.locator("table.loans")).to_contain_text(title)
        desktop.locator(".messages").wait_for()
    expect(desktop.locator("#lend-barcode")).to_be_focused()
    ids = desktop.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))
    assert desktop.locator("[autofocus]").count() == 1
    loans = desktop.locator("table.loans").inner_text()
    assert "第1册书" in loans and "第2册书" in loans

    with desktop.context.expect_page() as receipt_opened:
        desktop.get_by_role("link", name="打印借书凭条（本次借出 2 册）").click()
    receipt = receipt_opened.value
    receipt.wait_for_load_state()
    text = receipt.locator(".receipt").inner_text()
    assert "HZ****0003" in text and "HZ00000003" not in text
    assert "第1册书" in text and "第2册书" in text and "西湖区图书馆" in text
    receipt.emulate_media(media="print")  # on paper: the receipt, not the site's header
    assert not receipt.locator(".site-header").is_visible()
    assert receipt.locator(".receipt").is_visible()

    desktop.get_by_label("扫描图书条码归还").fill("XH0001")
    desktop.get_by_role("button", name="归还").click()
    desktop.locator(".desk-returns li").first.wait_for()
    expect(desktop.locator("#return-barcode")).to_be_focused()
    assert_accessible(desktop)


@pytest.fixture
def pull_journey(network):
    north = network["north"]
    staff = staff_with_role(Role.BRANCH_LIBRARIAN, library=north)
    staff.set_password(PASSWORD)
    staff.save()
    record = RecordFactory(title="西湖游览志")
    ItemFactory(record=record, library=north, barcode="GS0100", shelf_location="3F 史地")
    ItemFactory(record=record, library=north, barcode="GS0101", shelf_location="3F 史地")
    reader = ReaderFactory(home_library=network["west"])
    hold = hold_services.hold_place(
        actor=reader.user,
        reader_id=reader.pk,
        record_id=record.pk,
        pickup_library_id=network["west"].pk,
    )
    assert hold.pull_library_id == north.pk
    return {"staff": staff}


def test_staff_work_the_pull_list_missing_copy_then_trap(live_server, pull_journey, desktop):
    log_in(desktop, live_server.url, pull_journey["staff"].username)
    desktop.goto(f"{live_server.url}/staff/circulation/pulls/?library=GS")
    row = desktop.get_by_role("row").filter(has_text="西湖游览志")
    assert "3F 史地" in row.inner_text() and "西湖区图书馆" in row.inner_text()
    assert_accessible(desktop)
    desktop.screenshot(path="var/browser-pull-list.png")
    desktop.emulate_media(media="print")  # on paper: the list, without the scan form
    assert not desktop.locator("form.scan").is_visible()
    assert desktop.locator("table.pull-list").is_visible()
    desktop.emulate_media(media="screen")
    desktop.get_by_role("button", name="GS0100 架上未找到").click()
    expect(desktop.locator(".messages")).to_contain_text("已将 GS0100 标记为架上未找到")
    expect(desktop.locator("#pull-barcode")).to_be_focused()
    desktop.keyboard.type("GS0101\n")
    desktop.locator(".desk-returns li").first.wait_for()
    expect(desktop.locator(".desk-returns")).to_contain_text("运送至 西湖区图书馆")
    expect(desktop.locator("main")).to_contain_text("提书单上没有预约。")
    desktop.get_by_role("link", name="打印运送单").wait_for()


@pytest.fixture
def rules_journey(network):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    admin.set_password(PASSWORD)
    admin.save()
    PolicyFactory(loan_days=30)
    branch = staff_with_role(Role.BRANCH_LIBRARIAN, library=network["west"])
    branch.set_password(PASSWORD)
    branch.save()
    PolicyFactory(library=network["west"], loan_days=20)
    return {"admin": admin, "branch": branch}


def test_the_loan_rules_save_with_the_blank_row_untouched(live_server, rules_journey, desktop):
    log_in(desktop, live_server.url, rules_journey["admin"].username)
    desktop.goto(f"{live_server.url}/staff/circulation/policies/")
    desktop.locator("#id_p-0-loan_days").fill("28")
    desktop.get_by_role("button", name="保存全部规则").click()
    expect(desktop.locator(".messages")).to_contain_text("流通规则已保存。")
    expect(desktop.locator("#id_p-0-loan_days")).to_have_value("28")

    desktop.context.clear_cookies()
    log_in(desktop, live_server.url, rules_journey["branch"].username)
    desktop.goto(f"{live_server.url}/staff/circulation/policies/")
    assert desktop.locator("select[name='p-0-library'] option").all_inner_texts() == [
        "西湖区图书馆"
    ]
    read_only = desktop.locator("table.policy-table").nth(1).inner_text()
    assert "全网" in read_only and "28" in read_only
    desktop.locator("#id_p-0-loan_days").fill("14")
    desktop.get_by_role("button", name="保存全部规则").click()
    expect(desktop.locator(".messages")).to_contain_text("流通规则已保存。")
