"""悦借 in headless Chromium: a reader on a phone orders a copy on the shelf for
home delivery from the record page and follows the order; the central library's
staff, at a desk, pick, pack, dispatch and mark it delivered; the reader then sees
the loan. The reader's pages again in English."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.o2o.tests.factories import DeliveryZoneFactory, PickupPointFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(db, settings, tmp_path):
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆",
                             name_en="Hangzhou Public Library")  # fmt: skip
    PickupPointFactory(
        library=LibraryFactory(
            code="PP1",
            kind=LibraryKind.PICKUP_POINT,
            parent=central,
            name_zh="武林门取书柜",
            name_en="Wulinmen Locker",
        ),  # fmt: skip
        compartments=8,
    )
    DeliveryZoneFactory(name_zh="上城区", name_en="Shangcheng District", fee="5.00")
    record = record_create(title="三体", author="刘慈欣")
    ItemFactory(record=record, library=central, barcode="HZ0001", call_number="I247.55/1")
    staff_with_role(Role.BRANCH_LIBRARIAN, library=central, username="hzdesk")
    ReaderFactory(home_library=central, card_number="HZ00000001", phone="13800000000")
    return {"record": record}


def test_a_reader_orders_staff_deliver_and_the_reader_sees_the_loan(
    live_server, journey, phone, desktop
):
    base = live_server.url
    log_in(phone, base, "HZ00000001")
    phone.goto(f"{base}/catalog/records/{journey['record'].pk}/")
    phone.get_by_role("link", name="送书上门").click()
    expect(phone.get_by_role("heading", name="送书上门")).to_be_visible()
    phone.get_by_role("button", name="加入配送清单").click()
    expect(phone.get_by_role("heading", name="配送清单")).to_be_visible()
    phone.get_by_label("送到家").check()
    phone.get_by_label("配送区域").select_option(label="上城区（配送费 5.00 元，满 3 册免费）")
    phone.get_by_label("收件地址").fill("解放路 1 号")
    assert_accessible(phone)
    phone.get_by_role("button", name="提交订单").click()
    expect(phone.locator(".messages")).to_contain_text("订单已提交")
    expect(phone.locator("[data-status=placed]").first).to_have_text("已下单")
    phone.screenshot(path="var/browser-delivery-order-phone.png", full_page=True)
    assert_accessible(phone)

    log_in(desktop, base, "hzdesk")
    desktop.goto(f"{base}/staff/")
    desktop.get_by_role("link", name="悦借配送台").click()
    expect(desktop.get_by_role("heading", name="悦借配送台 · 杭州图书馆")).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("#queue-placed a").first.click()
    desktop.get_by_label("单册条码").fill("HZ0001")
    desktop.get_by_role("button", name="扫描拣书").click()
    expect(desktop.locator("#parcel-status")).to_have_text("拣书中")
    desktop.get_by_label("快递公司").fill("顺丰速运")
    desktop.get_by_label("快递单号").fill("SF0001")
    desktop.get_by_role("button", name="打包").click()
    expect(desktop.locator("#parcel-status")).to_have_text("已打包")
    desktop.get_by_role("button", name="交给快递发货").click()
    expect(desktop.locator("#parcel-status")).to_have_text("配送中")
    assert_accessible(desktop)
    desktop.get_by_role("button", name="登记送达").click()
    expect(desktop.locator("#parcel-status")).to_have_text("已送达")
    desktop.screenshot(path="var/browser-delivery-parcel-desk.png", full_page=True)

    phone.reload()
    expect(phone.locator("[data-status=delivered]")).to_have_text("已送达")
    expect(phone.locator(".parcel-lines")).to_contain_text("已借出")
    expect(phone.locator(".steps li")).to_have_count(5)
    phone.get_by_role("link", name="当前借阅").click()
    # The order's page names the book too: wait for the loans page.
    phone.wait_for_url(f"{base}/me/loans/")
    expect(phone.get_by_text("三体").first).to_be_visible()

    phone.get_by_role("button", name="English").click()
    # The switch leads back to the same URL: let it land before leaving the page.
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    phone.goto(f"{base}/me/deliveries/")
    expect(phone.get_by_role("heading", name="My Yuejie orders")).to_be_visible()
    phone.locator("#orders a").first.click()
    expect(phone.locator("[data-status=delivered]")).to_have_text("Delivered")
    expect(phone.get_by_role("button", name="Book a courier pickup for return")).to_be_visible()
    phone.screenshot(path="var/browser-delivery-order-phone-en.png", full_page=True)
