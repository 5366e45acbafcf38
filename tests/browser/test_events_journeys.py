"""Readers on a phone find events (folded filters, one card per event, a near-me that
says what happened), keep their bookings on one page and confirm before cancelling;
staff at a desk check tickets in and read the audit log. Headless Chromium."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, assert_accessible
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import PASSWORD, staff_with_role
from wenlan.core.audit import audit_record
from wenlan.core.models import AuditAction
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, RegistrationFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.spaces.tests.factories import BookingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "zh-CN": {
        "filters": "筛选活动",
        "near": "离我最近",
        "denied": "您没有允许网站获取位置",
        "more": "另有 2 场",
    },
    "en": {
        "filters": "Filter events",
        "near": "Nearest to me",
        "denied": "You did not allow this site to use your location",
        "more": "2 more sessions",
    },
}


@pytest.fixture
def calendar():
    # Made before the browser starts: Playwright's event loop forbids the ORM in this thread.
    library = LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")
    soon = timezone.now() + dt.timedelta(days=1)
    story = EventFactory(title_zh="周末绘本故事会", title_en="Weekend picture-book story time")
    story.venue.library = library
    story.venue.save()
    for week in range(5):
        OccurrenceFactory(event=story, starts_at=soon + dt.timedelta(days=7 * week))
    lecture = EventFactory(title_zh="运河文化讲座", title_en="Grand Canal talk")
    OccurrenceFactory(event=lecture, starts_at=soon + dt.timedelta(hours=3))
    reader = ReaderFactory(card_number="HZ00000077")
    registration = RegistrationFactory(reader=reader, occurrence=lecture.occurrences.get())
    lecture.occurrences.filter(pk=registration.occurrence_id).update(confirmed_count=1)
    booking = BookingFactory(
        reader=reader, starts_at=(soon + dt.timedelta(days=1)).replace(hour=10, minute=0)
    )
    return story, registration, booking


def _page(browser, language: str, size: dict):
    context = browser.new_context(locale=language, **size)
    if language == "en":
        context.add_cookies(
            [{"name": "wenlan_language", "value": "en", "domain": "localhost", "path": "/"}]
        )
    return context.new_page()


def _log_in(page, url: str, username: str, language: str = "zh-CN") -> None:
    page.goto(f"{url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if language == "en":  # the account's own language wins at login; switch it
        page.locator(".lang-switch button[value=en]").click()
        # The switch leads back to the same URL: wait for the English page itself.
        expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_reader_finds_events_on_a_phone(live_server, calendar, browser, language):
    story, _, _ = calendar
    text = TEXT[language]
    page = _page(browser, language, PHONE)
    url = live_server.url.replace("127.0.0.1", "localhost")
    page.goto(f"{url}/events/")
    panel = page.locator("#event-filter-panel")
    assert panel.get_attribute("open") is None  # folded on a phone
    assert not page.locator("#id_library").is_visible()
    cards = page.locator("#event-list > li")
    assert cards.count() == 2  # five weekly occurrences make one card
    story_card = page.locator(f"#event-{story.pk}")
    assert story_card.locator("time").count() == 3
    assert text["more"] in story_card.inner_text()
    assert_accessible(page)

    page.locator("#event-filter-panel > summary").click()
    expect(page.locator("#id_library")).to_be_visible()
    page.locator("#event-filter-panel > summary").click()

    # The browser refuses the location: the page says so and offers the district choice.
    page.get_by_role("button", name=text["near"]).click()
    message = page.locator("#near-me-message")
    # "Locating…" shows first; the refusal replaces it when the browser answers.
    expect(message).to_contain_text(text["denied"], timeout=15_000)
    assert panel.get_attribute("open") is not None
    assert page.evaluate("document.activeElement.id") == "id_library"
    page.screenshot(path=f"/tmp/events-phone-{language}.png", full_page=True)

    page.goto(f"{url}/events/{story.pk}/")
    assert_accessible(page)


def test_near_me_with_a_location_sorts_by_distance(live_server, calendar, browser):
    context = browser.new_context(
        locale="zh-CN", geolocation={"latitude": 30.251, "longitude": 120.161}, **PHONE
    )
    context.grant_permissions(["geolocation"])
    page = context.new_page()
    url = live_server.url.replace("127.0.0.1", "localhost")
    page.goto(f"{url}/events/")
    page.get_by_role("button", name="离我最近").click()
    page.wait_for_url("**/events/?*lat=30.251000*")
    assert "按距离由近及远排列。" in page.locator("main").inner_text()
    assert "0.15 公里" in page.locator("#event-list").inner_text()
    context.close()


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_reader_keeps_bookings_on_one_page_and_confirms_before_cancelling(
    live_server, calendar, browser, language
):
    _, registration, booking = calendar
    page = _page(browser, language, PHONE)
    url = live_server.url.replace("127.0.0.1", "localhost")
    _log_in(page, url, "HZ00000077", language)
    page.goto(f"{url}/me/")
    page.locator("a[href='/me/bookings/']").click()
    page.wait_for_url(f"{url}/me/bookings/")
    expect(page.locator("#upcoming > li")).to_have_count(1)
    expect(page.locator("#bookings > li")).to_have_count(1)
    assert_accessible(page)

    page.locator(f"a[href='/events/registrations/{registration.pk}/cancel/']").click()
    expect(page.locator("h1")).to_have_text(
        "确定取消这次报名吗？" if language == "zh-CN" else "Cancel this registration?"
    )
    assert_accessible(page)
    page.locator("a[href='/me/bookings/']").last.click()  # changed my mind
    page.wait_for_url(f"{url}/me/bookings/")
    expect(page.locator("#upcoming > li")).to_have_count(1)

    page.locator(f"a[href='/events/registrations/{registration.pk}/cancel/']").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{url}/me/bookings/")
    assert page.locator("#upcoming > li .badge").inner_text() in ("已取消", "Cancelled")

    page.locator(f"a[href='/spaces/bookings/{booking.pk}/cancel/']").click()
    expect(page.locator("h1")).to_have_text(
        "确定取消这个预约吗？" if language == "zh-CN" else "Cancel this booking?"
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{url}/me/bookings/")
    expect(page.locator(f"a[href='/spaces/bookings/{booking.pk}/cancel/']")).to_have_count(0)
    page.screenshot(path=f"/tmp/events-bookings-{language}.png", full_page=True)


@pytest.fixture
def door(calendar):
    _, registration, _ = calendar
    library = registration.occurrence.event.venue.library
    staff = staff_with_role(Role.BRANCH_LIBRARIAN, library=library, username="door")
    registration.occurrence.starts_at = timezone.now() + dt.timedelta(hours=1)
    registration.occurrence.ends_at = registration.occurrence.starts_at + dt.timedelta(hours=2)
    registration.occurrence.save()
    return staff, registration


def test_staff_check_in_by_typing_and_the_camera_fallback_reads_our_qr_codes(
    live_server, door, browser
):
    staff, registration = door
    page = _page(browser, "zh-CN", DESKTOP)
    url = live_server.url.replace("127.0.0.1", "localhost")
    _log_in(page, url, staff.username)
    page.goto(f"{url}/staff/events/checkin/")
    assert page.evaluate("'BarcodeDetector' in window") is False  # so jsQR is the reader
    assert page.locator("#scan").is_visible()
    decoded = page.evaluate(
        """async ([qr, jsqr]) => {
            await new Promise((ok, fail) => { const s = document.createElement('script');
                s.src = jsqr; s.onload = ok; s.onerror = fail; document.head.appendChild(s); });
            const img = new Image(); img.src = qr; await img.decode();
            const canvas = document.createElement('canvas'); canvas.width = canvas.height = 400;
            const ctx = canvas.getContext('2d'); ctx.fillStyle = '#fff';
            ctx.fillRect(0, 0, 400, 400); ctx.drawImage(img, 20, 20, 360, 360);
            const found = jsQR(ctx.getImageData(0, 0, 400, 400).data, 400, 400);
            return found && found.data; }""",
        [
            f"/events/tickets/{registration.ticket_code}/qr.svg",
            "/static/vendor/jsqr/jsQR.js",
        ],
    )
    assert decoded == registration.ticket_code

    page.get_by_label("票券码").fill(registration.ticket_code.lower())
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.locator("#checkin-result")).to_contain_text("签到成功")


@pytest.fixture
def audit_trail():
    admin = staff_with_role(Role.NETWORK_ADMIN, username="auditor")
    desk = staff_with_role(Role.NETWORK_ADMIN, username="desk-li")
    reader = ReaderFactory(card_number="HZ00000101", name="张三")
    for _ in range(3):  # one visit at the desk
        audit_record(actor=desk, action=AuditAction.READ, subject=reader, fields=["loans"])
    audit_record(actor=admin, action=AuditAction.READ, subject=reader, fields=["phone"])
    return admin


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_auditor_filters_the_audit_log_by_staff_member(live_server, audit_trail, browser, language):
    page = _page(browser, language, DESKTOP)
    url = live_server.url.replace("127.0.0.1", "localhost")
    _log_in(page, url, audit_trail.username, language)
    page.goto(f"{url}/staff/audit/")
    assert page.locator("#audit-entries tbody tr").count() == 2
    page.locator("#id_actor").select_option("desk-li")
    page.locator("#audit-filters button[type=submit]").click()
    rows = page.locator("#audit-entries tbody tr")
    # The unfiltered page (two rows) stays until the filtered one replaces it.
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(4)).to_have_text(
        "借阅记录" if language == "zh-CN" else "Loans"
    )
    assert_accessible(page)


def _camera_showing(code: str, path) -> None:
    """A Y4M video of a phone screen with the ticket's QR code, for Chromium's fake camera."""
    import qrcode
    from PIL import Image

    width, height = 640, 480
    frame = Image.new("RGB", (width, height), "white")
    qr = qrcode.make(code, box_size=10, border=2).get_image().convert("RGB").resize((360, 360))
    frame.paste(qr, ((width - 360) // 2, (height - 360) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            video.write(b"FRAME\n" + planes)


@pytest.fixture
def camera(door, tmp_path):
    _, registration = door
    path = tmp_path / "ticket.y4m"
    _camera_showing(registration.ticket_code, path)
    return path


def test_staff_check_in_by_camera_without_barcode_detector(live_server, door, camera):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    staff, registration = door
    url = live_server.url.replace("127.0.0.1", "localhost")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={camera}",
            ],
        )
        context = browser.new_context(locale="zh-CN", **DESKTOP)
        context.grant_permissions(["camera"])
        page = context.new_page()
        _log_in(page, url, staff.username)
        page.goto(f"{url}/staff/events/checkin/")
        assert page.evaluate("'BarcodeDetector' in window") is False
        page.locator("#scan").click()
        page.wait_for_url(f"{url}/staff/events/checkin/", wait_until="load")
        page.locator("#checkin-result .checkin-ok").wait_for(timeout=15000)
        expect(page.locator("#checkin-result")).to_contain_text(registration.reader.name)
        browser.close()
