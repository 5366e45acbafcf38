"""A reader with no e-mail address sets a new password on a phone with the one-time
code a desk issued, then logs in with it."""

import pytest

from tests.browser.conftest import assert_accessible
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.services import reader_password_reset_code_issue
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def issued_code():
    library = LibraryFactory(code="XH")
    reader = ReaderFactory(card_number="HZ00000003", home_library=library, email="")
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    return reader_password_reset_code_issue(actor=librarian, reader_id=reader.pk).code


def test_reader_resets_the_password_with_a_desk_code_on_a_phone(
    live_server, issued_code, phone, tmp_path
):
    page = phone
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_by_text("请携带读者卡和身份证件到任一图书馆服务台重置").is_visible()
    page.get_by_role("link", name="忘记密码？").click()
    page.get_by_role("heading", name="找回密码").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="使用重置码设置新密码").click()
    page.get_by_label("读者卡号或用户名").fill("HZ00000003")
    page.get_by_label("重置码").fill(issued_code)
    page.get_by_label("新密码", exact=True).fill("Lotus-pond-2027")
    page.get_by_label("再次输入新密码").fill("Lotus-pond-2027")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "reset-code.png"), full_page=True)
    page.get_by_role("button", name="保存新密码").click()
    page.get_by_role("heading", name="密码已更新").wait_for()

    page.get_by_role("link", name="登录").last.click()
    page.get_by_label("读者卡号或用户名").fill("HZ00000003")
    page.get_by_label("密码").fill("Lotus-pond-2027")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/me/")
