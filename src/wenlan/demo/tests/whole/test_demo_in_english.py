"""The demo's public pages in English have no Chinese interface text: a crawler
follows their links and the checker of tests/test_english_pages.py reads each page."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from tests.test_english_pages import CONTENT_PAGE, MAX_PAGES, SKIP_PREFIXES, _Page

pytestmark = pytest.mark.django_db


def _crawl(client, start: list[str]) -> tuple[dict[str, list[str]], int]:
    client.cookies["wenlan_language"] = "en"
    seen: set[str] = set()
    queue = list(start)
    leaks: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code == 302:  # a page for signed-in readers
            continue
        assert response.status_code == 200, url
        if "text/html" not in response["Content-Type"]:
            continue
        # A record's, an event's or a club's page is titled with its own name,
        # and a search page with the query: <title> can carry no `lang` of its own.
        path, query = urlsplit(url).path, parse_qs(urlsplit(url).query)
        page = _Page(check_title="q" not in query and not CONTENT_PAGE.match(path))
        page.feed(response.content.decode())
        if page.leaks:
            leaks[url] = page.leaks
        for href in page.links:
            parts = urlsplit(urljoin(url, href))
            if parts.scheme not in ("", "http", "https"):  # tel:, mailto:
                continue
            if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIP_PREFIXES):
                continue
            if (
                parts.path.endswith((".json", ".ics", ".xml"))
                or "page=" in parts.query
                or "next=" in parts.query
            ):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return leaks, len(seen)


def test_english_pages_show_no_chinese_interface_text(whole_demo, client):
    leaks, crawled = _crawl(
        client,
        [
            "/",
            "/catalog/?q=%E7%BA%A2%E6%A5%BC",
            "/catalog/?q=",
            "/libraries/",
            "/libraries/HZ/",
            "/events/",
            "/accounts/login/",
            "/accounts/signup/",
        ],
    )
    assert crawled >= 60
    assert leaks == {}
