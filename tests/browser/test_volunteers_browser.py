"""A volunteer on a phone signs up for a shift, checks in and out with the shift's
code; the coordinator, at a desk, sees the code on the shift's page and approves
the hours with a correction; the volunteer sees the hours and the star and
downloads the certificate, whose verification page says it is genuine."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, log_in
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.volunteers.enums import HoursStatus
from wenlan.volunteers.tests.factories import (
    OpportunityFactory,
    ProfileFactory,
    ShiftFactory,
    SignupFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(db):
    profile = ProfileFactory(reader__name="林晓燕")
    # Served before: 99 approved hours, one short of the first star.
    SignupFactory(
        profile=profile,
        shift__starts_at=clock.now() - dt.timedelta(days=30),
        shift__ends_at=clock.now() - dt.timedelta(days=30) + dt.timedelta(hours=3),
        hours_status=HoursStatus.APPROVED,
        approved_minutes=99 * 60,
    )
    start = clock.now() + dt.timedelta(minutes=10)
    shift = ShiftFactory(
        opportunity=OpportunityFactory(title_zh="文澜书房图书整理"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        checkin_code="WL7K2Q",
    )
    coordinator = staff_with_role(Role.VOLUNTEER_COORDINATOR, username="coordinator")
    return profile, shift, coordinator


def test_a_volunteer_serves_a_shift_and_gets_a_certificate(live_server, scene, browser):
    profile, shift, coordinator = scene
    context = browser.new_context(locale="zh-CN", **PHONE)
    phone = context.new_page()
    log_in(phone, live_server.url, profile.reader.card_number)
    phone.goto(f"{live_server.url}/me/")
    phone.get_by_role("link", name="我的志愿服务").click()
    phone.get_by_role("link", name="报名新的班次").click()
    expect(phone.get_by_text("文澜书房图书整理")).to_be_visible()
    phone.get_by_role("button", name="报名").click()
    expect(phone.locator(".messages")).to_contain_text("报名成功")

    phone.get_by_label("班次签到码").fill("wl7k2q")
    phone.get_by_role("button", name="签到", exact=True).click()
    expect(phone.locator(".messages")).to_contain_text("签到成功")
    phone.get_by_label("班次签到码").fill("WL7K2Q")
    phone.get_by_role("button", name="签到", exact=True).click()
    expect(phone.locator(".messages")).to_contain_text("您已签到过这个班次")
    phone.get_by_label("班次签到码").fill("WL7K2Q")
    phone.get_by_role("button", name="签退").click()
    expect(phone.locator(".messages")).to_contain_text("签退成功")
    assert (
        phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    )
    assert_accessible(phone)

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, live_server.url, coordinator.username)
    desk.goto(f"{live_server.url}/staff/")
    desk.get_by_role("link", name="志愿服务项目与班次").click()
    desk.get_by_role("link", name="文澜书房图书整理").click()
    desk.get_by_role("link", name=shift.starts_at.astimezone().strftime("%Y-%m-%d")).first.click()
    expect(desk.get_by_test_id("shift-code")).to_have_text("WL7K2Q")
    expect(desk.locator(".vol-qr svg")).to_be_visible()
    row = desk.locator("tr", has_text="林晓燕")
    row.get_by_label("分钟").fill("180")
    row.get_by_label("原因").fill("忘记按时签退，按排班认定")
    row.get_by_role("button", name="认定").click()
    expect(desk.locator(".messages")).to_contain_text("服务时长已认定")

    phone.goto(f"{live_server.url}/me/volunteer/")
    expect(phone.locator(".vol-hours .figure")).to_have_text("102.0")
    expect(phone.locator(".vol-stars")).to_have_text("★")
    phone.get_by_role("button", name="生成服务时长证书").click()
    expect(phone.locator(".messages")).to_contain_text("证书已生成")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="下载证书（PDF）").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    phone.get_by_role("link", name="验证页").first.click()
    expect(phone.locator(".verify-genuine")).to_contain_text("证书真实有效")
    expect(phone.locator("dl.facts")).to_contain_text("林**")
    expect(phone.locator("dl.facts")).to_contain_text("102.0 小时")
    context.close()
