"""A newcomer signs up on a phone: every mistake is shown at once, in the page's
language, and once they are fixed the one answer page follows."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible
from wenlan.network.tests.factories import LibraryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "zh-CN": {
        "card": "读者卡号",
        "name": "姓名",
        "phone": "手机号码",
        "email": "电子邮箱",
        "password": "密码",
        "again": "再次输入密码",
        "submit": "注册",
        "done": "注册申请已收到",
    },
    "en-GB": {
        "card": "Card number",
        "name": "Name",
        "phone": "Mobile number",
        "email": "Email",
        "password": "Password",
        "again": "Password again",
        "submit": "Sign up",
        "done": "Sign-up received",
    },
}
ERRORS = {
    "zh-CN": [
        "读者卡号为 6 到 32 位字母或数字（可使用身份证号）。",
        "请输入有效的电话号码。",
        "两次输入的密码不一致。",
        "输入一个有效的 Email 地址。",
    ],
    "en-GB": [
        "A card number has 6 to 32 letters or digits (an ID card number will do).",
        "Enter a valid phone number.",
        "Enter a valid email address.",
        "The two passwords do not match.",
    ],
}


@pytest.fixture
def library():
    return LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_signup_on_a_phone_shows_every_error_then_the_one_answer(
    live_server, library, browser, locale, tmp_path
):
    page = browser.new_context(locale=locale, **PHONE).new_page()
    words = LABELS[locale]
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label(words["card"]).fill("1")
    page.get_by_label(words["name"], exact=True).fill("王芳")
    page.get_by_label(words["phone"]).fill("call me")
    page.get_by_label(words["email"]).fill("not-an-email")
    page.get_by_label(words["password"], exact=True).fill("Quiet-lake-2026")
    page.get_by_label(words["again"]).fill("Quiet-lake-2025")
    page.get_by_role("button", name=words["submit"], exact=True).click()
    # all_inner_texts() does not wait: the form before sending may still be shown.
    expect(page.locator("p.error")).to_have_count(4)
    errors = page.locator("p.error").all_inner_texts()
    for message in ERRORS[locale]:
        assert message in errors
    assert len(errors) == 4  # card, phone, e-mail, passwords: all at once
    if locale == "en-GB":
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in "".join(errors))
    page.screenshot(path=str(tmp_path / f"signup-errors-{locale}.png"), full_page=True)
    assert_accessible(page)

    page.get_by_label(words["card"]).fill("HZ55555555")
    page.get_by_label(words["phone"]).fill("13800000000")
    page.get_by_label(words["email"]).fill("wf@example.org")
    page.get_by_label(words["password"], exact=True).fill("Quiet-lake-2026")
    page.get_by_label(words["again"]).fill("Quiet-lake-2026")
    page.get_by_role("button", name=words["submit"], exact=True).click()
    page.wait_for_url(f"{live_server.url}/accounts/signup/done/")
    assert page.get_by_role("heading", name=words["done"]).is_visible()
    assert_accessible(page)
