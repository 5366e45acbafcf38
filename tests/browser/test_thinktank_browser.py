"""The think tank in headless Chromium: an editor drafts a bulletin from clippings
and sends it for review; the chief editor sends it back with a comment; the editor
fixes it and submits it again; the chief approves and issues it (it gets its
number), and the PDF downloads with the title in it."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import DESKTOP, assert_accessible, log_in
from wenlan.thinktank.models import ThematicProduct
from wenlan.thinktank.tests.factories import ClippingFactory, SeriesFactory, chief, editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于西溪湿地保护的参考建议"


@pytest.fixture
def bulletin_journey(db):
    editor(username="tt-editor")
    chief(username="tt-chief")
    SeriesFactory(name_zh="决策参考", slug="juece")
    ClippingFactory(title="西溪湿地保护经验", summary="湿地面积保持稳定。")
    ClippingFactory(title="城市碳排放监测建议", summary="建议按月发布排放数据。")


def test_a_bulletin_goes_from_draft_through_review_to_a_downloaded_pdf(
    live_server, bulletin_journey, browser, desktop
):
    page = desktop
    log_in(page, live_server.url, "tt-editor")
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="决策信息工作台").click()
    page.get_by_role("navigation", name="决策信息").get_by_role("link", name="简报").click()
    page.get_by_label("系列").select_option(label="决策参考")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_role("button", name="起草").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    wetland = page.locator("li.pick").filter(has_text="西溪湿地保护经验")
    wetland.get_by_label("编者按").fill("值得全市推广")
    wetland.get_by_role("button", name="加入简报").click()
    expect(page.locator(".messages")).to_contain_text("条目已加入")
    page.locator("li.pick").filter(has_text="城市碳排放监测建议").get_by_role(
        "button", name="加入简报"
    ).click()
    expect(page.locator("section.bulletin-section")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="提交主编审核").click()
    expect(page.locator("#bulletin-status")).to_have_text("待审核")
    bulletin_url = page.url

    context = browser.new_context(locale="zh-CN", **DESKTOP)
    boss = context.new_page()
    log_in(boss, live_server.url, "tt-chief")
    boss.goto(bulletin_url)
    boss.get_by_label("审核意见").fill("请把碳排放一条放在前面")
    boss.get_by_role("button", name="退回修改").click()
    expect(boss.locator("#bulletin-status")).to_have_text("退回修改")

    page.reload()
    expect(page.locator("#review-comment-shown")).to_contain_text("请把碳排放一条放在前面")
    expect(page.locator(".bulletin-history")).to_contain_text("请把碳排放一条放在前面")
    second = page.locator("section.bulletin-section").nth(1)
    second.get_by_role("button", name="上移").click()
    expect(page.locator("section.bulletin-section").first).to_have_attribute(
        "aria-label", "城市碳排放监测建议"
    )
    page.get_by_role("button", name="提交主编审核").click()
    expect(page.locator("#bulletin-status")).to_have_text("待审核")

    boss.reload()
    boss.get_by_role("button", name="审定").click()
    expect(boss.locator("#bulletin-status")).to_have_text("已审定")
    boss.get_by_role("button", name="签发（分配期号）").click()
    expect(boss.locator("#bulletin-status")).to_have_text("已签发")
    expect(boss.locator(".bulletin-masthead")).to_contain_text("年第1期")
    assert_accessible(boss)
    boss.screenshot(path="var/browser-thinktank-issued.png", full_page=True)

    with boss.expect_download() as download_info:
        boss.locator("#bulletin-pdf").click()
    download = download_info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert TITLE in text and "决策参考" in text and "年第1期" in text
    context.close()


@pytest.fixture
def published_product(db):
    product = ThematicProduct.objects.create(
        slug="eco-city",
        title_zh="生态城市建设专题",
        title_en="Building an ecological city",
        intro_zh="国内外生态城市建设的政策与经验。",
        is_published=True,
    )
    product.clippings.add(
        ClippingFactory(
            title="杭州出台生态城市建设三年行动计划（2026—2028）" * 2,
            link="https://example.org/" + "long-path/" * 20,
        ),
        ClippingFactory(title="Singapore expands its urban wetland network", language="en"),
    )


def test_a_reader_reads_a_thematic_product_on_a_phone(live_server, published_product, phone):
    phone.goto(live_server.url)
    phone.get_by_role("link", name="专题信息").click()
    phone.get_by_role("link", name="生态城市建设专题").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("生态城市建设专题")
    expect(phone.locator(".card")).to_have_count(2)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)
    phone.screenshot(path="var/browser-thinktank-thematic.png", full_page=True)
