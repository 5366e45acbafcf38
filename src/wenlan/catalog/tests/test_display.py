"""How catalog metadata is shown: ISBD punctuation, language names, authors once."""

import pytest
from django.utils import translation

from wenlan.catalog.display import (
    author_names,
    authors_display,
    isbd_trim,
    language_name,
    language_tag,
    publisher_display,
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Hong lou meng zhi mi /", "Hong lou meng zhi mi"),
        ("红楼梦 /", "红楼梦"),
        ("Beijing :", "Beijing"),
        ("A history of China.", "A history of China"),
        ("Harvard University Press,", "Harvard University Press"),
        ("Mao, Zedong, 1893-1976.", "Mao, Zedong, 1893-1976"),
        ("Main title =", "Main title"),
        ("Series title ;", "Series title"),
        ("  上海 ：", "上海"),
        ("/ 张治安著", "张治安著"),
        ("Title : subtitle", "Title : subtitle"),  # inside the title, the colon stays
        ("Smith, John, Jr.", "Smith, John, Jr."),  # an abbreviation keeps its stop
        ("Tolkien, J. R. R.", "Tolkien, J. R. R."),  # so does an initial
        ("Wang, Junxiu, 1952-", "Wang, Junxiu, 1952-"),  # an open date range
        ("And then...", "And then..."),
        ("", ""),
    ],
)
def test_isbd_trim(raw, shown):
    assert isbd_trim(raw) == shown


def test_several_publishers_are_joined_without_isbd_leftovers():
    assert publisher_display("中州古籍出版社 : ; 新华书店经销") == "中州古籍出版社; 新华书店经销"
    assert publisher_display("Penguin Books,") == "Penguin Books"
    assert publisher_display("") == ""


def test_an_author_named_twice_is_listed_once():
    authors = [
        {"name": "霍国玲"},
        {"name": "紫军", "romanised": "Zi, Jun"},
        {"name": "霍国玲,"},
        {"name": "Cao, Xueqin,"},
        {"name": "cao, xueqin"},
        {"name": ""},
    ]
    assert author_names(authors) == ["霍国玲", "紫军", "Cao, Xueqin"]
    assert authors_display(authors) == [("霍国玲", ""), ("紫军", "Zi, Jun"), ("Cao, Xueqin", "")]


def test_language_codes_are_words_in_the_page_language():
    with translation.override("en"):
        assert [language_name(c) for c in ("chi", "eng", "jpn", "ger", "und")] == [
            "Chinese",
            "English",
            "Japanese",
            "German",
            "Language not known",
        ]
    with translation.override("zh-hans"):
        assert [language_name(c) for c in ("chi", "eng", "jpn", "ger", "und")] == [
            "中文",
            "英文",
            "日文",
            "德文",
            "未知语种",
        ]
    assert language_name("xyz") == "XYZ"  # an unknown code is shown as a code
    assert language_name("") == ""


def test_language_tags_for_lang_attributes():
    assert [language_tag(c) for c in ("chi", "ENG", "jpn", "xyz", "")] == [
        "zh",
        "en",
        "ja",
        "und",
        "und",
    ]
