"""The public site in English has no Chinese interface text. A crawler
(demo/tests/test_demo_in_english.py) follows the links of the demo's public pages,
in English, and reports every run of CJK
characters (Han, full-width punctuation such as "：" "；" "、" "（", kana, hangul)
that is neither inside an element marked with a non-English `lang` (catalog
metadata, content shown in the other language as a fallback, the language
switcher's own label) nor the reader's own query."""

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef"
VISIBLE_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
SKIP_PREFIXES = ("/admin/", "/api/", "/staff/", "/media/", "/static/", "/oai", "/me/", "/ical")
MAX_PAGES = 200
CONTENT_PAGE = re.compile(r"^/(catalog/records|events|clubs|exhibitions|spaces)/[^/]+/$")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def has_cjk(text: str) -> bool:
    return any(any(lo <= ch <= hi for lo, hi in _RANGES) for ch in text)


_RANGES = [(CJK[i], CJK[i + 2]) for i in range(0, len(CJK), 3)]


class _Page(HTMLParser):
    """Collects the page's links and the CJK text shown outside non-English `lang`."""

    def __init__(self, *, check_title: bool):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang)
        self.links: list[str] = []
        self.leaks: list[str] = []
        self.check_title = check_title

    def _lang(self) -> str:
        for _tag, lang in reversed(self.stack):
            if lang is not None:
                return lang.lower()
        return ""

    def _in(self, *tags: str) -> bool:
        return any(tag in tags for tag, _lang in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        lang = attrs.get("lang")
        inherited = (lang or self._lang() or "en").lower()
        if not inherited.startswith("en"):
            pass
        else:
            for name in VISIBLE_ATTRIBUTES:
                if has_cjk(attrs.get(name) or ""):
                    self.leaks.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not has_cjk(data) or self._in("script", "style"):
            return
        if self._in("title") and not self.check_title:
            return
        if (self._lang() or "en").startswith("en"):
            self.leaks.append(" ".join(data.split())[:80])


def test_the_checker_finds_a_leak_and_accepts_marked_content():
    page = _Page(check_title=True)
    page.feed(
        '<html lang="en"><title>Catalog</title><p>Author：<span lang="zh">曹雪芹</span></p>'
        '<button lang="zh-Hans">中文</button><input placeholder="题名"><p>1 items、</p></html>'
    )
    assert page.leaks == ["Author：", "<input placeholder='题名'>", "1 items、"]


def test_a_readers_delivery_pages_in_english(client, settings, tmp_path):
    """悦借's reader pages (under /me/, which the crawl skips), each step of an
    order, in English: what staff or the reader typed is English here, so any CJK
    left is interface text."""
    from wenlan.accounts.enums import Role
    from wenlan.accounts.tests.factories import staff_with_role
    from wenlan.catalog.tests.factories import ItemFactory, record_create
    from wenlan.network.enums import LibraryKind
    from wenlan.network.tests.factories import LibraryFactory
    from wenlan.o2o.enums import Destination
    from wenlan.o2o.services.delivery import OrderAsk, delivery_line_pick, delivery_order_place
    from wenlan.o2o.services.delivery_parcels import (
        parcel_dispatch,
        parcel_locker_store,
        parcel_pack,
    )
    from wenlan.o2o.tests.factories import DeliveryZoneFactory, PickupPointFactory
    from wenlan.patrons.tests.factories import ReaderFactory

    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_en="Hangzhou Library")
    locker = PickupPointFactory(
        library=LibraryFactory(
            kind=LibraryKind.PICKUP_POINT, parent=central, name_en="Wulinmen Locker"
        ),  # fmt: skip
        compartments=4,
    )
    zone = DeliveryZoneFactory(name_en="Shangcheng")
    records = [record_create(title="三体", author="刘慈欣"), record_create(title="Hamlet")]
    items = [ItemFactory(record=r, library=central) for r in records]
    reader = ReaderFactory(home_library=central, language="en")
    reader.user.language = "en"
    reader.user.save(update_fields=["language"])
    staff = staff_with_role(Role.BRANCH_LIBRARIAN, library=central)
    home = delivery_order_place(actor=reader.user, ask=OrderAsk(
        item_ids=(items[0].pk,), destination=Destination.HOME, zone_id=zone.pk,
        address="1 Jiefang Road", phone="13800000000"))  # fmt: skip
    at_locker = delivery_order_place(actor=reader.user, ask=OrderAsk(
        item_ids=(items[1].pk,), destination=Destination.PICKUP_POINT,
        pickup_point_id=locker.pk))  # fmt: skip
    parcel = at_locker.parcels.get()
    delivery_line_pick(actor=staff, parcel_id=parcel.pk, barcode=items[1].barcode)
    parcel_pack(actor=staff, parcel_id=parcel.pk, courier="SF Express", tracking_number="SF1")
    parcel_dispatch(actor=staff, parcel_id=parcel.pk)
    parcel_locker_store(actor=staff, parcel_id=parcel.pk, compartment=2)
    client.force_login(reader.user)
    client.cookies["wenlan_language"] = "en"
    leaks = {}
    for url in [
        "/me/deliveries/",
        f"/me/deliveries/{home.pk}/",
        f"/me/deliveries/{at_locker.pk}/",
        f"/me/deliveries/record/{records[0].pk}/",
        "/me/deliveries/new/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = _Page(check_title=False)
        page.feed(response.content.decode())
        if page.leaks:
            leaks[url] = page.leaks
        if url.endswith(f"/{at_locker.pk}/"):
            assert "Pickup code" in response.text and "In the locker" in response.text
    assert leaks == {}
