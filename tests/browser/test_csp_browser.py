"""Under the Content-Security-Policy the pages' scripts, now static files, still
run, and the browser reports no blocked script, style or request."""

import pytest

from wenlan.events.tests.factories import OccurrenceFactory
from wenlan.network.tests.factories import LibraryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site():
    # Made before the browser starts: Playwright's event loop forbids the ORM in this thread.
    LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")
    return OccurrenceFactory()


def test_near_me_runs_from_its_static_file_and_nothing_is_blocked(live_server, site, browser):
    context = browser.new_context(
        locale="zh-CN",
        geolocation={"latitude": 30.25, "longitude": 120.16},
        permissions=["geolocation"],
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", "/libraries/", "/catalog/?q=书", f"/events/{site.event_id}/", "/clubs/"):
        response = page.goto(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(f"{live_server.url}/catalog/")
    with page.expect_response(lambda response: "/suggest" in response.url):
        page.locator("#q").fill("hlm")  # the suggestions' fetch (connect-src 'self')

    page.goto(f"{live_server.url}/events/")
    page.get_by_role("button", name="离我最近").click()
    page.wait_for_url("**lat=30.250000**")
    assert "lon=120.160000" in page.url
    assert refused == []
    context.close()
