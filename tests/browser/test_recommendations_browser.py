"""A reader on a phone turns recommendations on, sees them (after the night's
training) with their reasons, places a hold from one, and turns them off; a reader
who reads in English sees the reasons in English."""

import threading

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, log_in
from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(db):
    world = borrowing_world(opted_in=False)
    export_now()
    reader = world.readers[0][0]
    english = world.readers[1][0]
    english.language = english.user.language = "en"
    english.allow_recommendations = True
    english.save()
    english.user.save()
    return world, reader, english


def _train_in_a_thread():
    """The night's training (the ORM may not run in Playwright's thread)."""

    def train():
        with clock.freeze(NOW):
            recs_train(actor=SYSTEM)

    worker = threading.Thread(target=train)
    worker.start()
    worker.join()


def test_reader_turns_on_sees_reasons_holds_and_turns_off(live_server, scene, browser):
    world, reader, english = scene
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    log_in(page, live_server.url, reader.card_number)
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="为您推荐").click()
    expect(page.locator("#recs-invite")).to_be_visible()
    page.get_by_role("button", name="开启推荐").click()
    expect(page.locator(".messages")).to_contain_text("个性化推荐已开启")
    expect(page.locator("#recs-pending")).to_be_visible()

    _train_in_a_thread()
    page.reload()
    books = page.locator("#recs-books li")
    expect(books.first).to_be_visible()
    expect(books.first.locator(".reason")).to_contain_text("读者中很受欢迎")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    title = books.first.locator("h3").inner_text()
    assert title == world.literature[0].title  # the one literature title it never borrowed
    books.first.get_by_role("link", name="预约").click()
    page.get_by_role("button", name="确认预约").click()
    expect(page.locator(".messages")).to_contain_text("预约成功")

    page.goto(f"{live_server.url}/me/recommendations/")
    page.get_by_role("button", name="关闭推荐并删除").click()
    expect(page.locator(".messages")).to_contain_text("为您保存的推荐已删除")
    expect(page.locator("#recs-invite")).to_be_visible()
    expect(page.locator("#recs-books")).to_have_count(0)
    context.close()

    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    log_in(page, live_server.url, english.card_number)  # then pages follow their language
    page.goto(f"{live_server.url}/me/recommendations/")
    expect(page.get_by_role("heading", name="Recommended for you")).to_be_visible()
    expect(page.locator("#recs-books .reason").first).to_contain_text(
        "Popular with readers like you"
    )
    context.close()
