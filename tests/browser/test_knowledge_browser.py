"""The knowledge base in headless Chromium: a reader on a 375 px phone searches in
other words than the passage's, opens the passage at its anchor and reads its
sources, and finds the FAQ from the footer; a reference librarian at a desk writes
an article with passages in both languages, finds it flagged for review once its
date passes, and unpublishes it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.knowledge.services.articles import article_upsert
from wenlan.knowledge.services.faq import faq_publish
from wenlan.knowledge.tests.factories import TopicFactory, article_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def knowledge_base(db):
    TopicFactory(slug="west-lake", name_zh="西湖", name_en="West Lake")
    article_upsert(
        SYSTEM,
        content=article_content(
            "west-lake-causeways",
            title_zh="西湖的堤",
            title_en="The causeways of West Lake",
            topics=("west-lake",),
            zh=(
                "西湖位于杭州市西部，三面环山，2011年作为文化景观列入世界遗产名录。",
                "苏堤是北宋苏轼任杭州知州时疏浚西湖、用湖中淤泥筑成的长堤，全长约2.8公里。",
            ),
            en=(
                "West Lake lies west of Hangzhou, hills on three sides.",
                "The Su Causeway was built by Su Shi from mud dredged out of the lake.",
            ),
        ),
    )
    faq_publish(
        SYSTEM,
        question_zh="读者证丢了怎么办？",
        answer_zh="请带身份证到任一图书馆服务台挂失并补办。",
        question_en="What if I lose my library card?",
        answer_en="Bring your identity card to any library's desk.",
    )
    staff_with_role(Role.REFERENCE_LIBRARIAN, username="ref-wang")


def test_a_reader_searches_on_a_phone_and_reads_the_passage(live_server, knowledge_base, browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.goto(f"{live_server.url}/")
    phone.get_by_role("link", name="知识库").click()
    expect(phone.get_by_role("heading", name="知识库", level=1)).to_be_visible()
    phone.get_by_label("搜索知识库").fill("东坡修的那条长堤有多长？")
    phone.get_by_role("button", name="搜索").click()
    first = phone.locator(".kb-hits li").first
    expect(first).to_contain_text("全长约2.8公里")
    assert_accessible(phone)
    phone.screenshot(path="var/browser-kb-search.png", full_page=True)
    first.get_by_role("link", name="西湖的堤").click()
    expect(phone).to_have_url(f"{live_server.url}/kb/west-lake-causeways/#p2")
    expect(phone.locator("#p2")).to_contain_text("苏堤是北宋苏轼")
    expect(phone.locator(".kb-sources")).to_contain_text("UNESCO")
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375
    assert_accessible(phone)
    phone.goto(f"{live_server.url}/kb/faq/")
    expect(phone.locator(".kb-faq")).to_contain_text("请带身份证到任一图书馆服务台挂失并补办。")
    context.close()


def test_a_librarian_writes_an_article_and_unpublishes_it(live_server, knowledge_base, desktop):
    log_in(desktop, live_server.url, "ref-wang")
    desktop.goto(f"{live_server.url}/staff/")
    desktop.get_by_role("link", name="知识库文章").click()
    desktop.get_by_role("link", name="新建文章").click()
    desktop.get_by_label("标识").fill("bai-causeway")
    desktop.get_by_label("中文标题").fill("白堤")
    desktop.get_by_label("英文标题").fill("Bai Causeway")
    desktop.get_by_label("西湖").check()
    desktop.get_by_label("复审日期").fill("2020-01-01")
    desktop.get_by_label("出处").fill("白堤 | 杭州市园林文物局 | https://example.org/bai | 2020")
    desktop.get_by_label("中文段落").fill("白堤东起断桥，西至孤山，因白居易而得名。[1]")
    desktop.get_by_label("英文段落").fill(
        "The Bai Causeway runs from Broken Bridge to Solitary Hill. [1]"
    )
    desktop.get_by_role("button", name="保存").click()
    expect(desktop.locator(".messages")).to_contain_text("文章已保存。")
    expect(desktop.locator(".kb-stale")).to_be_visible()
    assert_accessible(desktop)
    desktop.screenshot(path="var/browser-kb-edit.png", full_page=True)

    desktop.get_by_role("link", name="返回知识库文章").click()
    row = desktop.get_by_role("row").filter(has_text="白堤")
    expect(row).to_contain_text("待复审")
    assert_accessible(desktop)
    row.get_by_role("link", name="白堤").click()
    desktop.get_by_role("button", name="撤下文章").click()
    expect(desktop.locator(".messages")).to_contain_text("文章已撤下")
    response = desktop.request.get(f"{live_server.url}/kb/bai-causeway/")
    assert response.status == 404
