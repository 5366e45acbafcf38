"""The search and record pages: hits with availability and facets, a record's copies
per library; what a reader sees of them in both languages (words not codes, no ISBD
leftovers, each author once, the filters kept)."""

import json
import re

import pytest

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.selectors.search import catalog_suggest
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory, record_create
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    hz = LibraryFactory(code="HZ", name_zh="杭州图书馆", name_en="Hangzhou Public Library")
    sc = LibraryFactory(code="SC", name_zh="上城区图书馆", name_en="Shangcheng District Library")
    hlm = record_create(
        title="红楼梦", author="曹雪芹", isbn="9787020002207", year=1982, clc="I242.4", control="v1"
    )
    record_create(title="红楼梦研究", author="俞平伯", year=1952, control="v2")
    ItemFactory(record=hlm, library=hz, barcode="HZ1", call_number="I242.4/1")
    ItemFactory(
        record=hlm, library=sc, barcode="SC1", status=ItemStatus.ON_LOAN, due_on="2026-12-01"
    )
    index_rebuild(workers=1)
    return {"hlm": hlm, "hz": hz, "sc": sc}


def test_search_page_lists_hits_with_availability_and_facets(
    client, catalog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/catalog/", {"q": "紅樓夢"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/catalog/records/{catalog["hlm"].pk}/"' in html
    assert "红楼梦研究" in html
    assert "1 册可借" in html and "杭州图书馆" in html
    assert 'class="facets"' in html
    assert "?q=%E7%B4%85%E6%A8%93%E5%A4%A2&amp;library=HZ" in html


def test_search_page_facet_selected_and_paging(client, catalog):
    html = client.get("/catalog/", {"q": "红楼梦", "library": "SC"}).content.decode()
    assert 'aria-current="true"' in html
    assert "红楼梦研究" not in html


def test_search_page_in_english(client, catalog):
    client.cookies["wenlan_language"] = "en"
    html = client.get("/catalog/", {"q": "hlm"}).content.decode()
    assert '<html lang="en">' in html
    assert "Hangzhou Public Library" in html


def test_search_page_survives_bad_input(client, catalog):
    for params in [
        {"page": "-4"},
        {"page": "abc"},
        {"sort": "zzz"},
        {"decade": "19x0"},
        {"year_from": "99999"},
        {"q": '"((::'},
    ]:
        assert client.get("/catalog/", params).status_code == 200, params


def test_too_long_query_gets_the_sites_own_page_in_the_readers_language(client, catalog):
    # Before: a 10,000-character query was searched (and, behind gunicorn, one past
    # 4,094 bytes got the server's bare "Request Line is too large").
    response = client.get("/catalog/", {"q": "x" * 257}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The search is too long (at most 256 characters)." in html
    assert '<a href="/catalog/">Catalog search</a>' in html
    response = client.get("/catalog/", {"q": "中" * 2_000})
    assert response.status_code == 414
    assert "<h1>网址太长</h1>" in response.content.decode()
    assert client.get("/catalog/", {"q": "x" * 256}).status_code == 200


def test_empty_search_page_browses_the_catalog(client, catalog):
    html = client.get("/catalog/").content.decode()
    assert "红楼梦研究" in html and "共 2 条结果" in html


def test_record_page_availability_per_library_and_json_ld(
    client, catalog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(f"/catalog/records/{catalog['hlm'].pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "杭州图书馆" in html and "上城区图书馆" in html
    assert "应还 2026-12-01" in html and "I242.4/1" in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Book" and data["name"] == "红楼梦" and data["isbn"] == "9787020002207"
    assert data["author"] == [{"@type": "Person", "name": "曹雪芹"}]
    assert data["@id"] == f"http://testserver/catalog/records/{catalog['hlm'].pk}/"
    assert [o["availability"] for o in data["offers"]] == [
        "https://schema.org/InStock",
        "https://schema.org/OutOfStock",
    ]


def test_json_ld_cannot_break_out_of_its_script(client, db):
    record = record_create(title="</script><script>alert(1)</script>", control="x1")
    html = client.get(f"/catalog/records/{record.pk}/").content.decode()
    assert "<script>alert(1)" not in html


def test_unknown_record_page_is_404(client, db):
    assert client.get("/catalog/records/424242/").status_code == 404


def test_cataloguers_see_export_links(client, catalog):
    from wenlan.accounts.enums import Role
    from wenlan.accounts.tests.factories import staff_with_role

    assert "/api/catalog/export" not in client.get("/catalog/", {"q": "hlm"}).content.decode()
    client.force_login(staff_with_role(Role.CATALOGUER, library=catalog["hz"]))
    html = client.get("/catalog/", {"q": "hlm"}).content.decode()
    assert "/api/catalog/export?format=marcxml&amp;q=hlm" in html


@pytest.fixture
def shelf(db):
    hz = LibraryFactory(code="HZ", name_zh="杭州图书馆", name_en="Hangzhou Public Library")
    xh = LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")
    record = RecordFactory(
        title="红楼梦之谜 /",
        title_romanised="Hong lou meng zhi mi /",
        authors=[
            {"name": "赵国栋,", "romanised": "Zhao, Guodong"},
            {"name": "赵国栋"},
            {"name": "周汝昌"},
        ],
        publisher="中州古籍出版社 : ; 新华书店经销",
        place="郑州 :",
        year=1998,
        clc="I207.411",
        language="chi",
        subjects=["红楼梦研究."],
    )
    english = RecordFactory(
        title="A brief history of time :",
        authors=[{"name": "Hawking, Stephen,"}],
        language="eng",
        year=1988,
    )
    ItemFactory(
        record=record,
        library=hz,
        barcode="HZ1",
        call_number="I207.411/12",
        shelf_location="开架借阅区",
        shelf_location_en="Open stacks",
    )
    ItemFactory(record=record, library=xh, barcode="XH1", call_number="", shelf_location="书库")
    ItemFactory(record=english, library=hz, barcode="HZ2")
    index_rebuild(workers=1)
    return {"record": record, "english": english}


def test_record_page_in_english(client, shelf):
    html = client.get(
        f"/catalog/records/{shelf['record'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<h1 lang="zh">红楼梦之谜</h1>' in html
    assert '<p class="meta" lang="zh-Latn">Hong lou meng zhi mi</p>' in html
    # Each author once, romanised form kept, ISBD comma gone.
    assert (
        '<span lang="zh">赵国栋</span> (<span lang="zh-Latn">Zhao, Guodong</span>); '
        '<span lang="zh">周汝昌</span></dd>' in html
    )
    assert '<dd lang="zh">郑州: 中州古籍出版社; 新华书店经销, 1998</dd>' in html
    assert ">I207.411</a> · Literature</dd>" in html  # the CLC class, with its name
    assert "<dt>Subjects</dt>" in html and ">红楼梦研究</a>" in html
    assert "<dt>Language</dt><dd>Chinese</dd>" in html
    # Call numbers as the holdings give them; none shown as none, never made up.
    assert "<td>HZ1</td><td>I207.411/12</td>" in html
    assert "<td>XH1</td><td>—</td>" in html
    # Shelf locations in English; a Chinese-only one says it is Chinese.
    assert "<span>Open stacks</span>" in html
    assert '<span lang="zh-Hans">书库</span>' in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["name"] == "红楼梦之谜"
    assert data["author"] == [
        {"@type": "Person", "name": "赵国栋"},
        {"@type": "Person", "name": "周汝昌"},
    ]
    assert data["publisher"]["name"] == "中州古籍出版社; 新华书店经销"
    assert data["inLanguage"] == "zh"


def test_one_copy_is_one_item_not_one_items(client, shelf):
    # Before: "1 items in total, 1 available now."
    html = client.get(
        f"/catalog/records/{shelf['english'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "1 item in total, 1 available now." in html
    html = client.get(
        f"/catalog/records/{shelf['record'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "2 items in total, 2 available now." in html


def test_record_page_in_chinese(client, shelf):
    html = client.get(f"/catalog/records/{shelf['record'].pk}/").content.decode()
    assert "<dt>语种</dt><dd>中文</dd>" in html
    assert ">I207.411</a> · 文学</dd>" in html
    assert "<span>开架借阅区</span>" in html


def test_search_page_in_english_has_words_not_codes_and_no_chinese_separators(client, shelf):
    html = client.get("/catalog/", {"q": ""}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    facets = html[html.index('<aside class="facets"') : html.index("</aside>")]
    assert ">Chinese</a>" in facets and ">English</a>" in facets
    assert ">1990s</a>" in facets and ">1980s</a>" in facets
    assert ">I Literature</a>" in facets
    assert not re.search(r"[\u4e00-\u9fff、：；]", facets.replace('lang="zh"', ""))
    assert "Hangzhou Public Library, Xihu District Library" in html  # not "、"
    assert (
        '<a href="/catalog/records/{}/" lang="en">A brief history of time</a>'.format(
            shelf["english"].pk
        )
        in html
    )
    assert '<span lang="en">Hawking, Stephen</span> · 1988 · English' in html


def test_the_sort_keeps_the_filters(client, shelf):
    html = client.get(
        "/catalog/", {"q": "红楼", "library": ["HZ", "XH"], "language": "chi", "page": "1"}
    ).content.decode()
    start = html.index('class="catalog-search"')
    form = html[start : html.index("</form>", start)]
    assert re.findall(r'<input type="hidden" name="(\w+)" value="(\w+)">', form) == [
        ("library", "HZ"),
        ("library", "XH"),
        ("language", "chi"),
    ]
    assert '<select name="sort" id="sort" data-autosubmit>' in form


def test_autocomplete_matches_the_start_of_any_word_not_the_middle(shelf):
    assert catalog_suggest(prefix="history") == ["A brief history of time"]
    assert catalog_suggest(prefix="brief hist") == ["A brief history of time"]
    assert catalog_suggest(prefix="istory") == []
    assert catalog_suggest(prefix="hawk") == ["Hawking, Stephen"]
