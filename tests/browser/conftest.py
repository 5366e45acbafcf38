"""What every browser test shares: headless Debian Chromium, a phone-sized page for
readers, a desktop page for staff, and an axe-core check of a page's accessibility.

Rows are made before the browser starts: Playwright's event loop forbids the ORM in
the test's thread, so each test builds its data in a fixture listed before `browser`.
"""

import os
import shutil

import pytest

from wenlan.accounts.tests.factories import PASSWORD

CHROMIUM = os.environ.get("WENLAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A reader's page: phone-sized, touch, Chinese by default."""
    context = browser.new_context(locale="zh-CN", **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    """A librarian's page at a desk."""
    context = browser.new_context(locale="zh-CN", **DESKTOP)
    yield context.new_page()
    context.close()


def assert_accessible(page) -> None:
    """axe-core (bundled by axe-playwright-python, nothing fetched) finds no serious or
    critical violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    grave = [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert grave == [], f"{page.url}: {grave}"


def log_in(page, base_url: str, username: str) -> None:
    """Signs in on the login page, in Chinese, with the factories' password, and
    waits for the page it leads to."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("读者卡号或用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    # The login page is loaded already: wait for the page the form leads to, or a
    # goto that follows may leave before the session's cookie is set.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
