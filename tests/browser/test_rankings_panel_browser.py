"""The expert panel in headless Chromium: an expert scores a candidate on a desktop;
the chair closes the round, chooses the books with their recommendations in both
languages and publishes; a reader on a phone finds the list in the archive, signs
in from its hold button and places a hold, and reads it in English."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_circulation_browser import PASSWORD, _library
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.rankings.models import Candidate, Round
from wenlan.rankings.panel.services.rounds import score_set
from wenlan.rankings.tests.factories import open_list, panel_people

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def panel_journey(db):
    people = panel_people(experts=2)
    reading_list, _works = open_list(people, size=2, candidates=3)
    round_ = Round.objects.get(reading_list=reading_list)
    by_title = {
        c.work.title: c
        for c in Candidate.objects.filter(reading_list=reading_list).select_related("work")
    }
    other = people["experts"][1]
    score_set(actor=other, round_id=round_.pk, candidate_id=by_title["三体"].pk, value=10)
    score_set(actor=other, round_id=round_.pk, candidate_id=by_title["活着"].pk, value=8)
    west = _library("XH", "西湖区图书馆", "Xihu District Library", 30.25, 120.15)
    record = record_create(title="三体", author="刘慈欣", isbn="9787536692930")
    ItemFactory(record=record, library=west, barcode="XH0001")
    ReaderFactory(card_number="HZ00000001", home_library=west)
    return {"list": reading_list, "round": round_, "candidates": by_title}


def test_an_expert_scores_the_chair_publishes_and_a_reader_holds(
    live_server, panel_journey, browser, desktop, phone
):
    base = live_server.url
    alive = panel_journey["candidates"]["活着"]
    log_in(desktop, base, "expert0")
    desktop.goto(f"{base}/staff/")
    desktop.get_by_role("link", name="我的评审").click()
    desktop.get_by_role("link", name="阅读的力量").click()
    card = desktop.locator(f"#candidate-{alive.pk}")
    card.get_by_label("分数（1–10）").select_option("9")
    card.get_by_label("评语").fill("朴素而有力量")
    card.get_by_role("button", name="保存评分").click()
    desktop.get_by_text("评分已保存。").wait_for()
    expect(desktop.locator(f"#candidate-{alive.pk}")).to_contain_text("我的评分：9")
    # The other expert's 10 for 三体 stays hidden: no score, no result on its card.
    santi = desktop.locator(f"#candidate-{panel_journey['candidates']['三体'].pk}").inner_text()
    assert "我的评分" not in santi and "截尾均分" not in santi
    assert_accessible(desktop)

    desktop.context.clear_cookies()
    log_in(desktop, base, "chair")
    desktop.goto(f"{base}/staff/")
    desktop.get_by_role("link", name="我主持的书单").click()
    desktop.get_by_role("link", name="阅读的力量").click()
    desktop.get_by_role("button", name="结束评分").click()
    desktop.get_by_text("评分已结束，结果见下。").wait_for()
    results = desktop.locator("#candidates").inner_text()
    assert "截尾均分" in results and "8.5" in results
    desktop.get_by_role("link", name="确定书目与推荐语").click()
    # .all() does not wait: the list's page may still be shown.
    desktop.wait_for_url(re.compile(r"/staff/rankings/lists/\d+/finalise/$"))
    for fieldset in desktop.locator("#finalise fieldset").all():
        if fieldset.get_by_label("入选").is_checked():
            fieldset.get_by_label("推荐语", exact=True).fill("值得一读的好书")
            fieldset.get_by_label("英文推荐语").fill("A book well worth reading")
    assert_accessible(desktop)
    desktop.get_by_role("button", name="保存入选书目").click()
    desktop.get_by_role("button", name="发布书单").click()
    desktop.get_by_text("书单已发布。").wait_for()
    expect(desktop.locator("#list-status")).to_contain_text("已发布")
    expect(desktop.locator("#list-events")).to_contain_text("发布")

    phone.goto(f"{base}/reading-lists/china/")
    phone.get_by_role("link", name="阅读的力量").click()
    books = phone.locator("#books")
    books.locator("#book-1").get_by_text("值得一读的好书").wait_for()
    assert "三体" in books.locator("#book-1").inner_text()
    assert "1 册可借" in books.locator("#book-1").inner_text()
    assert_accessible(phone)
    phone.get_by_role("link", name="登录后预约").click()
    phone.get_by_label("读者卡号或用户名").fill("HZ00000001")
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.get_by_role("link", name="预约此书").click()
    phone.get_by_role("button", name="确认预约").click()
    phone.get_by_role("heading", name="预约成功").wait_for()
    assert "三体" in phone.locator("dl.facts").inner_text()
    phone.screenshot(path="var/browser-reading-list-hold.png", full_page=True)

    phone.goto(f"{base}/reading-lists/china/{panel_journey['list'].slug}/")
    phone.get_by_role("button", name="English").click()
    phone.get_by_role("heading", name="The power of reading").wait_for()
    expect(phone.locator("#book-1")).to_contain_text("A book well worth reading")
    expect(phone.locator("#book-1")).to_contain_text("Place a hold")
    assert_accessible(phone)
