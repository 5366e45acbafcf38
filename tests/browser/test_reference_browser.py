"""Questions to a librarian in headless Chromium: a reader on a 375 px phone page
asks a question; a reference librarian at a desk takes it and answers with two
sources (the second added with the form's button); the reader reads the answer
with its sources and finds the notice in the inbox."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def ask_journey(db):
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆")
    ReaderFactory(card_number="HZ00000041", home_library=central)
    staff_with_role(Role.REFERENCE_LIBRARIAN, username="ref-hz")


@pytest.fixture
def phone375(browser):
    context = browser.new_context(locale="zh-CN", **PHONE_375)
    yield context.new_page()
    context.close()


def test_a_reader_asks_and_a_librarian_answers_with_sources(
    live_server, ask_journey, phone375, desktop
):
    phone = phone375
    log_in(phone, live_server.url, "HZ00000041")
    phone.goto(f"{live_server.url}/me/")
    phone.get_by_role("link", name="我的咨询").click()
    # The header links to the ask page on every page: click it from the questions' page.
    phone.wait_for_url(f"{live_server.url}/me/questions/")
    phone.get_by_role("link", name="咨询馆员").last.click()
    # No e-mail field on the page before either: wait for the ask page.
    phone.wait_for_url(f"{live_server.url}/ask/")
    expect(phone.get_by_label("电子邮箱")).to_have_count(0)  # signed in: no contact fields
    phone.locator("#main").get_by_label("您的问题").fill("西湖是哪一年列入世界遗产名录的？")
    phone.get_by_label("类别").select_option("local")
    assert_accessible(phone)
    phone.get_by_role("button", name="提交咨询").click()
    expect(phone.locator(".messages")).to_contain_text("已收到您的咨询")
    expect(phone.locator(".question-text")).to_contain_text("西湖是哪一年列入世界遗产名录的？")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
    phone.screenshot(path="var/browser-reference-asked.png", full_page=True)

    log_in(desktop, live_server.url, "ref-hz")
    desktop.goto(f"{live_server.url}/staff/")
    desktop.get_by_role("link", name="参考咨询").click()
    row = desktop.get_by_role("row").filter(has_text="西湖是哪一年")
    expect(row).to_contain_text("地方文献与杭州")
    assert_accessible(desktop)
    row.get_by_role("link").first.click()
    desktop.get_by_role("button", name="由我受理").click()
    expect(desktop.locator(".messages")).to_contain_text("已受理")
    desktop.get_by_role("textbox", name="答复读者").fill(
        "“杭州西湖文化景观”于 2011 年列入《世界遗产名录》。"
    )
    desktop.locator("#id_sources-0-title").fill("West Lake Cultural Landscape of Hangzhou")
    desktop.locator("#id_sources-0-url").fill("https://whc.unesco.org/en/list/1334")
    desktop.locator("#id_sources-0-date").fill("2011")
    for n in (1, 2):
        expect(desktop.locator(f"#id_sources-{n}-title")).to_be_visible()
    desktop.get_by_role("button", name="再添加一条来源").click()
    expect(desktop.locator("#id_sources-3-title")).to_be_focused()
    desktop.locator("#id_sources-3-title").fill("西湖志")
    desktop.locator("#id_sources-3-publisher").fill("杭州出版社")
    assert_accessible(desktop)
    desktop.get_by_role("button", name="发送答复").click()
    expect(desktop.locator(".messages")).to_contain_text("已答复，并已通知读者")
    expect(desktop.locator("ol.sources li")).to_have_count(2)
    desktop.screenshot(path="var/browser-reference-answered.png", full_page=True)

    phone.reload()
    expect(phone.locator("#answer")).to_contain_text("2011 年列入")
    sources = phone.locator("#answer ol.sources li")
    expect(sources).to_have_count(2)
    expect(sources.first.get_by_role("link")).to_have_attribute(
        "href", "https://whc.unesco.org/en/list/1334"
    )
    expect(sources.nth(1)).to_contain_text("西湖志 · 杭州出版社")
    assert_accessible(phone)
    phone.screenshot(path="var/browser-reference-answer.png", full_page=True)
    phone.goto(f"{live_server.url}/me/notices/")
    expect(phone.locator("main")).to_contain_text("咨询已答复")


@pytest.fixture
def referral_journey(db):
    import datetime as dt

    from wenlan.core import clock
    from wenlan.network.tests.factories import PartnerFactory
    from wenlan.reference.tests.factories import (
        AllianceMemberFactory,
        QuestionFactory,
        partner_librarian,
    )

    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆")
    reader = ReaderFactory(card_number="HZ00000042", home_library=central, name="王小明")
    partner = PartnerFactory(code="zjlib", name_zh="浙江图书馆")
    AllianceMemberFactory(partner=partner)
    partner_librarian(partner, username="zj-ref")
    staff_with_role(Role.REFERENCE_LIBRARIAN, username="ref-hz")
    QuestionFactory(
        asker=reader,
        text="民国时期杭州的城市地图在哪里可以看到？",
        due_at=clock.now() - dt.timedelta(hours=2),
    )


def test_a_question_referred_to_a_partner_and_answered_back(live_server, referral_journey, browser):
    librarian = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = librarian.new_page()
    log_in(page, live_server.url, "ref-hz")
    page.goto(f"{live_server.url}/staff/reference/?tab=overdue")
    row = page.get_by_role("row").filter(has_text="民国时期杭州")
    expect(row).to_be_visible()
    assert_accessible(page)
    row.get_by_role("link").first.click()
    page.get_by_label("转介给", exact=True).select_option(label="浙江图书馆")
    page.get_by_role("textbox", name="转介说明").fill("请协助确认馆藏")
    page.get_by_role("button", name="转介", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已转介给浙江图书馆")

    partner = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    other = partner.new_page()
    log_in(other, live_server.url, "zj-ref")
    other.goto(f"{live_server.url}/staff/")
    other.get_by_role("link", name="转介给本馆的咨询").click()
    card = other.locator(".card").filter(has_text="民国时期杭州")
    expect(card).to_contain_text("请协助确认馆藏")
    expect(other.locator("main")).not_to_contain_text("王小明")  # never the reader's name
    assert_accessible(other)
    card.get_by_label("合作馆答复").fill("本馆古籍部藏有民国杭州地图，可预约阅览。")
    card.get_by_role("button", name="提交答复").click()
    expect(other.locator(".messages")).to_contain_text("已记录合作馆的答复")
    other.screenshot(path="var/browser-reference-partner.png", full_page=True)

    page.reload()
    expect(page.locator("#referrals-h")).to_be_visible()
    expect(page.locator("main")).to_contain_text("本馆古籍部藏有民国杭州地图")
    expect(page.get_by_role("button", name="发送答复")).to_be_visible()
    librarian.close()
    partner.close()
