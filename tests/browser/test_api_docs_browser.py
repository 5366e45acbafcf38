"""/api/docs renders in Chromium with every request outside the test server refused."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_work_without_outside_network(live_server, desktop):
    page = desktop
    host = urlparse(live_server.url).netloc
    outside = []

    def only_local(route):
        if urlparse(route.request.url).netloc == host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.goto(f"{live_server.url}/api/docs")
    page.get_by_role("heading", name="Wenlan API").wait_for()
    page.get_by_text("/api/catalog/search").first.wait_for()
    expect(page.get_by_text("What the API covers")).to_be_visible()
    assert outside == []
    assert console_errors == []  # nothing refused by the Content-Security-Policy either
