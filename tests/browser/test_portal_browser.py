"""A reader on a phone: the home page, a catalog search narrowed by a facet and
re-sorted, a record, in Chinese and in English; axe-core finds no serious or
critical violation on the home, search and record pages."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.network.tests.factories import LibraryFactory, ThemedBranchFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TITLE = (
    "A brief history of the libraries of Hangzhou from the Wenlan Pavilion to the "
    "smart city, with maps, tables and a great many photographs"
)


@pytest.fixture
def catalog(settings, tmp_path):
    # Made before the browser starts: Playwright's event loop forbids the ORM in this thread.
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    hz = LibraryFactory(code="HZ", name_zh="杭州图书馆", name_en="Hangzhou Public Library")
    xh = LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")
    ThemedBranchFactory(code="HZ-TEA", name_zh="茶文化分馆", name_en="Tea Culture Branch")
    hlm = RecordFactory(
        title="红楼梦 /",
        authors=[{"name": "曹雪芹,"}, {"name": "曹雪芹"}],
        publisher="人民文学出版社,",
        year=1996,
        clc="I242.4",
        language="chi",
    )
    study = RecordFactory(title="红楼梦研究", authors=[{"name": "俞平伯"}], year=1952)
    RecordFactory(title=LONG_TITLE, authors=[{"name": "Wang, Li"}], language="eng", year=2020)
    ItemFactory(
        record=hlm,
        library=hz,
        call_number="I242.4/12",
        shelf_location="开架借阅区",
        shelf_location_en="Open stacks",
        acquired_on=dt.date(2026, 11, 1),
    )
    ItemFactory(record=study, library=hz, call_number="I207.411/3")
    ItemFactory(record=study, library=xh, status=ItemStatus.IN_PROCESSING)
    index_rebuild(workers=1)
    return {"hlm": hlm}


def _journey(page, base: str, *, words: dict) -> None:
    page.goto(f"{base}/")
    page.get_by_role("heading", name=words["home"]).wait_for()
    assert_accessible(page)
    page.get_by_role("searchbox", name=words["search_terms"]).fill("红楼梦")
    page.get_by_role("button", name=words["search_button"]).click()
    page.wait_for_url(re.compile(r"/catalog/\?q="))
    assert page.locator(".hit").count() == 2
    assert_accessible(page)

    # A facet narrows the hits; a new sort keeps it.
    page.locator("#facets").get_by_role("link", name=words["xh"]).click()
    page.wait_for_url(re.compile(r"library=XH"))
    assert page.locator(".hit").count() == 1
    page.get_by_label(words["sort"]).select_option("newest")
    page.wait_for_url(re.compile(r"sort=newest"))
    assert "library=XH" in page.url
    assert page.locator(".hit").count() == 1

    page.goto(f"{base}/catalog/?q=%E7%BA%A2%E6%A5%BC%E6%A2%A6&sort=newest")
    page.locator(".hit h2 a").first.click()
    # The hit's own heading on the search page may bear the same name: wait for the record.
    page.wait_for_url(re.compile(r"/catalog/records/\d+/"))
    page.get_by_role("heading", name="红楼梦", exact=True).wait_for()
    facts = page.locator("dl.facts").inner_text()
    assert words["literature"] in facts and words["chinese"] in facts
    assert facts.count("曹雪芹") == 1  # once, not twice
    assert "人民文学出版社, 1996" in facts
    assert "I242.4/12" in page.locator("table").inner_text()
    assert words["shelf"] in page.locator("table").inner_text()
    assert_accessible(page)


def test_reader_on_a_phone_in_chinese(live_server, catalog, phone):
    _journey(
        phone,
        live_server.url,
        words={
            "home": "一张卡，一座城的图书馆",
            "search_terms": "检索词",
            "search_button": "检索馆藏",
            "xh": "西湖区图书馆",
            "sort": "排序",
            "literature": "文学",
            "chinese": "中文",
            "shelf": "开架借阅区",
        },
    )


def test_reader_on_a_phone_in_english(live_server, catalog, phone):
    phone.goto(f"{live_server.url}/")
    phone.get_by_role("button", name="English").click()
    phone.get_by_role("heading", name="One card, a whole city of libraries").wait_for()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    _journey(
        phone,
        live_server.url,
        words={
            "home": "One card, a whole city of libraries",
            "search_terms": "Search terms",
            "search_button": "Search the catalog",
            "xh": "Xihu District Library",
            "sort": "Sort by",
            "literature": "Literature",
            "chinese": "Chinese",
            "shelf": "Open stacks",
        },
    )


def test_autocomplete_from_a_word_start_with_long_titles_cut(live_server, catalog, phone):
    phone.goto(f"{live_server.url}/catalog/")
    box = phone.get_by_role("combobox", name="检索词")
    box.press_sequentially("libraries of hang", delay=20)
    option = phone.get_by_role("option").first
    # On a slow machine a pause between keystrokes lets an earlier prefix ("li")
    # be answered and shown until the answer to the whole query replaces it.
    expect(option).to_have_attribute("title", LONG_TITLE)
    assert option.evaluate("e => getComputedStyle(e).textOverflow") == "ellipsis"
    assert option.evaluate("e => e.scrollWidth > e.clientWidth")  # cut on a phone
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    # The same list arriving again (a slow answer to an earlier keystroke) keeps
    # the option the reader chose.
    shown = option.element_handle()
    with phone.expect_response(lambda response: "/suggest" in response.url):
        box.dispatch_event("input")
    # The answer is rendered after its body is read: the list shown is replaced.
    phone.wait_for_function("element => !element.isConnected", arg=shown)
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    phone.wait_for_url(re.compile(r"/catalog/\?q=A\+brief\+history"))
    assert phone.locator(".hit").count() == 1


def test_a_late_answer_to_an_earlier_prefix_does_not_replace_the_list(live_server, catalog, phone):
    held = []

    def hold_the_prefix(route):
        if route.request.url.endswith("q=li"):
            held.append(route)  # answered below, after the whole query's answer
        else:
            route.continue_()

    phone.route("**/api/catalog/suggest?*", hold_the_prefix)
    phone.goto(f"{live_server.url}/catalog/")
    box = phone.get_by_role("combobox", name="检索词")
    with phone.expect_request(lambda request: request.url.endswith("q=li")):
        box.press_sequentially("li", delay=20)
    box.press_sequentially("braries of hang", delay=20)
    option = phone.get_by_role("option").first
    expect(option).to_have_attribute("title", LONG_TITLE)
    with phone.expect_response(lambda response: response.url.endswith("q=li")) as late:
        held[0].continue_()
    late.value.finished()  # its body read; the page's handler runs right after
    phone.evaluate("() => new Promise(done => setTimeout(done, 200))")
    assert option.get_attribute("title") == LONG_TITLE  # not "Wang, Li", the prefix's


def _png() -> bytes:
    import struct
    import zlib

    raw = b"".join(b"\x00" + bytes([200, 225, 210]) * 256 for _ in range(256))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def tile_server():
    """A tile server on this machine that answers every tile with one green square."""
    import http.server
    import threading

    tile = _png()

    class Tiles(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    server.shutdown()


@pytest.fixture
def library(settings):
    return LibraryFactory(
        code="HZ",
        name_zh="杭州图书馆",
        name_en="Hangzhou Public Library",
        address_zh="杭州市上城区解放东路58号",
        address_en="58 Jiefang East Road, Shangcheng, Hangzhou",
    )


def test_library_map_with_tiles(live_server, library, settings, tile_server, phone):
    settings.WENLAN_MAP_TILE_URL = tile_server
    settings.WENLAN_MAP_ATTRIBUTION = "Test tiles"
    phone.goto(f"{live_server.url}/libraries/HZ/")
    phone.locator("#library-map .leaflet-tile-loaded").first.wait_for()
    assert phone.locator("#library-map").is_visible()
    assert phone.locator(".leaflet-marker-icon").get_attribute("alt") == "杭州图书馆"
    assert "Test tiles" in phone.locator(".leaflet-control-attribution").inner_text()
    assert_accessible(phone)


def test_library_map_gone_when_tiles_cannot_be_reached(live_server, library, settings, phone):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.WENLAN_MAP_TILE_URL = f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"
    phone.goto(f"{live_server.url}/libraries/HZ/")
    phone.wait_for_function("() => document.getElementById('library-map').hidden")
    assert not phone.locator("#library-map").is_visible()
    assert phone.get_by_text("杭州市上城区解放东路58号").is_visible()
