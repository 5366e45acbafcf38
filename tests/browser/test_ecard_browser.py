"""The reader's e-card in headless Chromium: on a phone, in Chinese and English, the
QR code counts down and renews itself, and goes away when it cannot be renewed in
time; at the desk, a librarian scans it (types its content) and lends a copy."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.network.tests.factories import LibraryFactory, OpeningHoursFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/wenlan-ecard"

# What the QR code on the page holds, read as a camera would: the SVG drawn on a
# canvas and decoded by the vendored jsQR (the check-in page's own fallback).
DECODE = """async (jsqr) => {
    if (!window.jsQR) {
        await new Promise((ok, fail) => { const s = document.createElement('script');
            s.src = jsqr; s.onload = ok; s.onerror = fail; document.head.appendChild(s); });
    }
    const svg = new XMLSerializer().serializeToString(document.querySelector('#ecard-qr svg'));
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    await img.decode();
    const canvas = document.createElement('canvas'); canvas.width = canvas.height = 400;
    const ctx = canvas.getContext('2d'); ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 400, 400); ctx.drawImage(img, 20, 20, 360, 360);
    const found = jsQR(ctx.getImageData(0, 0, 400, 400).data, 400, 400);
    return found && found.data; }"""


def _read_qr(page) -> str:
    return page.evaluate(DECODE, "/static/vendor/jsqr/jsQR.js")


@pytest.fixture
def west(db):
    library = LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")
    for weekday in range(7):
        OpeningHoursFactory(library=library, weekday=weekday)
    return library


@pytest.fixture
def short_lived(west, settings):
    """An e-card that lives five seconds, so that renewing is seen within the test."""
    settings.WENLAN_ECARD_SECONDS = 5
    return ReaderFactory(card_number="HZ00000001", name="苏小小", home_library=west)


def test_a_reader_shows_the_ecard_on_a_phone_and_it_renews_itself(live_server, short_lived, phone):
    log_in(phone, live_server.url, "HZ00000001")
    phone.get_by_role("link", name="电子读者证").first.click()
    phone.wait_for_url(f"{live_server.url}/me/card/")
    assert phone.get_by_role("heading", name="电子读者证").is_visible()
    assert phone.locator(".ecard-name").inner_text() == "苏小小"
    assert "HZ00000001" in phone.locator(".ecard-number").inner_text()
    assert phone.get_by_role("img", name="电子读者证二维码").is_visible()
    assert "二维码有效时间还剩" in phone.locator("#ecard-countdown").inner_text()
    assert 0 < int(phone.locator("#ecard-seconds").inner_text()) <= 5
    first = _read_qr(phone)
    assert first.startswith("WLE1.") and len(first) < 70
    assert_accessible(phone)
    phone.screenshot(path=f"{SHOTS}-phone-zh.png", full_page=True)

    old = phone.locator("#ecard-qr").inner_html()
    phone.wait_for_function(
        "old => document.querySelector('#ecard-qr').innerHTML !== old", arg=old, timeout=15000
    )
    second = _read_qr(phone)
    assert second.startswith("WLE1.") and second != first
    assert phone.locator("#ecard-qr").is_visible()
    assert phone.locator("#ecard-status").inner_text() == ""

    # Offline, the code is not renewed: the page says so and, once its time is up,
    # shows no code rather than one that no longer works.
    phone.context.set_offline(True)
    phone.wait_for_function(
        "() => document.querySelector('#ecard-qr').hidden", timeout=15000, polling=200
    )
    expect(phone.locator("#ecard-status")).to_have_text("二维码已失效，请在联网后刷新本页。")
    expect(phone.locator("#ecard-countdown")).not_to_be_visible()
    assert_accessible(phone)
    phone.screenshot(path=f"{SHOTS}-phone-offline.png", full_page=True)
    phone.context.set_offline(False)
    phone.wait_for_function("() => !document.querySelector('#ecard-qr').hidden", timeout=15000)
    assert _read_qr(phone) not in (first, second)
    assert phone.locator("#ecard-status").inner_text() == ""

    phone.get_by_role("button", name="English").click()
    phone.get_by_role("heading", name="E-card").wait_for()
    expect(phone.locator("#ecard-countdown")).to_contain_text("Code valid for")
    expect(phone.get_by_role("img", name="E-card QR code")).to_be_visible()
    main = phone.locator("main").inner_text()
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in main.replace("苏小小", ""))
    assert_accessible(phone)
    phone.screenshot(path=f"{SHOTS}-phone-en.png", full_page=True)
    assert _read_qr(phone).startswith("WLE1.")


@pytest.fixture
def desk(west):
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=west)
    ReaderFactory(card_number="HZ00000002", name="白居易", home_library=west)
    ItemFactory(library=west, barcode="XH0001", record__title="白氏长庆集")
    return librarian


def test_a_librarian_scans_a_readers_ecard_at_the_desk_and_lends(live_server, desk, phone, desktop):
    log_in(phone, live_server.url, "HZ00000002")
    phone.goto(f"{live_server.url}/me/card/")
    token = _read_qr(phone)

    desktop.bring_to_front()  # the desk's window has the focus now, not the phone's
    log_in(desktop, live_server.url, desk.username)
    desktop.goto(f"{live_server.url}/staff/circulation/?library=XH")
    expect(desktop.locator("#card-card")).to_be_focused()
    desktop.keyboard.type(token + "\n")  # a scanner types what the code holds, and Enter
    desktop.wait_for_url("**card=HZ00000002**")
    assert "白居易" in desktop.locator(".desk-reader h3").inner_text()
    assert "WLE1" not in desktop.url
    expect(desktop.locator("#lend-barcode")).to_be_focused()
    desktop.keyboard.type("XH0001\n")
    desktop.locator(".messages").wait_for()
    expect(desktop.locator(".messages")).to_contain_text("已借出《白氏长庆集》")
    expect(desktop.locator("table.loans")).to_contain_text("白氏长庆集")
    assert_accessible(desktop)
    desktop.screenshot(path=f"{SHOTS}-desk.png", full_page=True)

    # A garbled scan is refused, and the next scan goes into an empty field.
    desktop.goto(f"{live_server.url}/staff/circulation/?library=XH")
    expect(desktop.locator("#card-card")).to_be_focused()
    desktop.keyboard.type(token[:-3] + "abc\n")
    expect(desktop.get_by_role("alert")).to_contain_text("电子读者证无效")
    expect(desktop.locator("#card-card")).to_have_value("")
    expect(desktop.locator("#card-card")).to_be_focused()
    desktop.keyboard.type(token + "\n")
    desktop.wait_for_url("**card=HZ00000002**")


@pytest.fixture
def suspended(west):
    return ReaderFactory(card_number="HZ00000003", home_library=west, status="suspended")


def test_a_suspended_reader_is_told_why_and_shown_no_code(live_server, suspended, phone):
    log_in(phone, live_server.url, "HZ00000003")
    phone.goto(f"{live_server.url}/me/card/")
    alert = phone.get_by_role("alert").inner_text()
    assert "电子读者证暂不能使用。" in alert and "读者证已暂停使用。" in alert
    assert phone.locator("svg").count() == 0
    assert_accessible(phone)
    phone.screenshot(path=f"{SHOTS}-phone-suspended.png", full_page=True)
