"""The reference robot in headless Chromium (issue #13's "done when"): a visitor on
a 375 px phone opens the chat, asks something the knowledge base cannot answer and
hands it to a librarian with an e-mail address; a librarian signs in, finds it in
the reference queue with the conversation attached and answers it; the visitor's
private link shows the answer. And a chat that answers with a source link, in
Chinese and in English."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, assert_accessible, log_in
from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.knowledge.services.articles import article_upsert
from wenlan.knowledge.tests.factories import article_content
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def robot_world(db, settings, tmp_path):
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_KNOWLEDGE_VERSION_SECONDS = 0
    LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆")
    article_upsert(
        SYSTEM,
        content=article_content(
            "west-lake",
            zh=(
                "西湖位于杭州市西部，三面环山，2011年6月作为文化景观列入世界遗产名录。",
                "苏堤是苏轼任杭州知州时疏浚西湖、用淤泥筑成的长堤，南北横贯湖面。",
            ),
            en=(
                "West Lake lies in the west of Hangzhou, hills on three sides; it was "
                "inscribed on the World Heritage List as a cultural landscape in June 2011.",
                "The Su Causeway was built by Su Shi, governor of Hangzhou, from the mud "
                "dredged out of the lake; it crosses the lake from south to north.",
            ),
        ),
    )
    staff_with_role(Role.REFERENCE_LIBRARIAN, username="ref-lin")
    return {"central": LibraryFactory._meta.model.objects.get(code="HZ")}


@pytest.fixture
def reader_with_a_loan(robot_world):
    import datetime as dt

    from wenlan.catalog.tests.factories import ItemFactory, record_create
    from wenlan.circulation.tests.factories import LoanFactory
    from wenlan.core import clock

    central = robot_world["central"]
    reader = ReaderFactory(card_number="HZ00000031", home_library=central, name="周敏")
    due = clock.today() + dt.timedelta(days=12)
    item = ItemFactory(
        record=record_create(title="长安的荔枝", author="马伯庸"),
        library=central,
        status="on_loan",
        due_on=due,
    )
    LoanFactory(item=item, reader=reader, due_on=due)
    other = ReaderFactory(card_number="HZ00000032", home_library=central)
    other_item = ItemFactory(
        record=record_create(title="别人借的书", author="某人"),
        library=central,
        status="on_loan",
        due_on=due,
    )
    LoanFactory(item=other_item, reader=other, due_on=due)
    return reader


def _ask(page, question: str):
    """Asks and waits for this question's own answer (not the one before it)."""
    answers = page.locator(".robot-answer")
    before = answers.count()
    page.get_by_label(re.compile("您的问题|Your question")).fill(question)
    page.locator("#robot-form").get_by_role("button").click()
    expect(answers).to_have_count(before + 1)
    return answers.nth(before)


def test_a_question_handed_to_a_librarian_and_answered(live_server, robot_world, browser):
    context = browser.new_context(locale="zh-CN", **PHONE_375)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/libraries/")
    toggle = phone.get_by_role("button", name="问问文澜")
    toggle.click()
    expect(phone.get_by_role("dialog", name="咨询机器人")).to_be_visible()
    expect(phone.get_by_label("您的问题")).to_be_focused()
    panel_box = phone.locator("#robot-panel").bounding_box()
    assert panel_box["width"] == 375  # full width on a phone
    phone.keyboard.press("Escape")
    expect(phone.locator("#robot-panel")).to_be_hidden()
    expect(toggle).to_be_focused()
    toggle.click()

    answer = _ask(phone, "明天杭州会下雨吗？<script>alert(1)</script>")
    expect(answer).to_contain_text("这个问题我还不知道答案")
    expect(phone.locator(".robot-question").last).to_contain_text("<script>alert(1)</script>")
    assert_accessible(phone)
    answer.get_by_role("button", name="转给馆员").click()
    answer.get_by_label("电子邮箱（用于接收答复）").fill("visitor@example.org")
    answer.get_by_label("称呼（可不填）").fill("王女士")
    assert_accessible(phone)
    answer.get_by_role("button", name="确认转给馆员").click()
    done = phone.locator(".robot-handed-over")
    expect(done).to_contain_text("已转给馆员，问题编号")
    private_url = done.get_by_role("link", name="查看我的问题").get_attribute("href")
    assert private_url.startswith("/ask/q/")
    phone.screenshot(path="var/browser-robot-handover.png", full_page=False)

    staff_context = browser.new_context(locale="zh-CN", **DESKTOP)
    desk = staff_context.new_page()
    log_in(desk, live_server.url, "ref-lin")
    desk.goto(f"{live_server.url}/staff/reference/")
    desk.get_by_role("link", name=re.compile("明天杭州会下雨吗")).click()
    desk.get_by_text("机器人对话记录").click()
    expect(desk.locator("pre.transcript")).to_contain_text("读者: 明天杭州会下雨吗？")
    desk.get_by_role("textbox", name="答复读者").fill("明天杭州多云转小雨，请以气象台发布为准。")
    desk.get_by_role("button", name="发送答复").click()
    # The answer's page is loaded already: wait for the one the answer leads to,
    # or the goto below may cancel the answer before it is sent.
    expect(desk.locator(".messages")).to_contain_text("已答复，并已通知读者。")
    desk.goto(f"{live_server.url}/staff/")
    desk.get_by_role("link", name="咨询机器人：待改进的回答").click()
    unanswered = desk.locator("#unanswered + .table-scroll")
    expect(unanswered).to_contain_text("明天杭州会下雨吗？")
    expect(unanswered.get_by_role("link", name=re.compile(r"^#\d+$"))).to_be_visible()
    assert_accessible(desk)
    expect(desk.get_by_role("link", name="知识库编辑")).to_have_attribute("href", "/staff/kb/")

    phone.goto(f"{live_server.url}{private_url}")
    expect(phone.get_by_text("明天杭州多云转小雨，请以气象台发布为准。")).to_be_visible()
    staff_context.close()
    context.close()


def test_the_chat_answers_with_its_source_in_chinese_and_english(live_server, robot_world, browser):
    context = browser.new_context(locale="zh-CN", **PHONE_375)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/libraries/")
    phone.get_by_role("button", name="问问文澜").click()
    answer = _ask(phone, "西湖是哪一年列入世界遗产的？")
    expect(answer).to_contain_text("2011年6月作为文化景观列入世界遗产名录")
    source = answer.get_by_role("link", name="西湖", exact=True).first
    expect(source).to_have_attribute("href", "/kb/west-lake/#p1")
    answer.get_by_role("button", name="有帮助", exact=True).click()
    expect(answer).to_contain_text("谢谢您的评价。")

    phone.keyboard.press("Escape")  # the panel covers the page on a phone
    phone.get_by_role("button", name="English").click()
    phone.wait_for_load_state()
    phone.get_by_role("button", name="Ask Wenlan").click()
    # The exchange on the page before is drawn again, without its buttons.
    earlier = phone.locator(".robot-answer").first
    expect(earlier).to_contain_text("2011年6月作为文化景观列入世界遗产名录")
    expect(earlier.get_by_role("link", name="西湖", exact=True).first).to_be_visible()
    expect(earlier.get_by_role("button")).to_have_count(0)
    english = _ask(phone, "Who built the Su Causeway?")
    expect(english).to_contain_text("The Su Causeway was built by Su Shi")
    expect(english.get_by_role("link", name="West Lake", exact=True).first).to_have_attribute(
        "href", "/kb/west-lake/#p2"
    )
    expect(english.get_by_text("UNESCO", exact=False)).to_be_visible()
    assert_accessible(phone)
    phone.screenshot(path="var/browser-robot-english.png", full_page=False)
    english.get_by_role("link", name="West Lake", exact=True).first.click()
    expect(phone).to_have_url(re.compile(r"/kb/west-lake/#p2$"))
    expect(phone.locator("#p2")).to_contain_text("The Su Causeway was built by Su Shi")
    context.close()


def test_a_signed_in_reader_asks_for_their_loans_and_hands_over_without_an_email(
    live_server, reader_with_a_loan, browser
):
    context = browser.new_context(locale="zh-CN", **PHONE_375)
    phone = context.new_page()
    log_in(phone, live_server.url, "HZ00000031")
    phone.get_by_role("button", name="问问文澜").click()
    loans = _ask(phone, "我借的书什么时候到期？")
    expect(loans).to_contain_text("《长安的荔枝》")
    expect(loans).not_to_contain_text("别人借的书")
    unanswered = _ask(phone, "明天杭州会下雨吗？")
    unanswered.get_by_role("button", name="转给馆员").click()
    expect(unanswered.get_by_label("电子邮箱（用于接收答复）")).to_have_count(0)
    unanswered.get_by_role("button", name="确认转给馆员").click()
    link = phone.locator(".robot-handed-over").get_by_role("link", name="查看我的问题")
    expect(link).to_have_attribute("href", re.compile(r"^/me/questions/\d+/$"))
    link.click()
    expect(phone.locator("#main").get_by_text("明天杭州会下雨吗？")).to_be_visible()

    # Signed out, the next person at this screen finds an empty chat: the loans
    # answer is not drawn again.
    with phone.expect_navigation():
        phone.evaluate("() => document.querySelector('form[action$=\"/logout/\"]').submit()")
    phone.goto(f"{live_server.url}/libraries/")
    phone.get_by_role("button", name="问问文澜").click()
    expect(phone.locator("#robot-log")).to_be_visible()
    expect(phone.locator(".robot-answer")).to_have_count(0)
    context.close()
