import pytest

from wenlan.core import text


def test_traditional_becomes_simplified_and_latin_lower_case():
    assert text.normalise("紅樓夢 ＨＡＲＲＹ Potter") == "红楼梦 harry potter"


def test_words_cut_chinese_and_keep_english_words():
    assert text.words("红楼梦研究 and Harry Potter's Stone") == [
        "红楼梦",
        "研究",
        "and",
        "harry",
        "potter",
        "s",
        "stone",
    ]


def test_index_words_include_the_shorter_words_inside_long_ones():
    words = text.words("中华人民共和国史", for_index=True)
    assert "中华人民共和国" in words and "共和国" in words and "人民" in words
    assert text.words("中华人民共和国史") == ["中华人民共和国", "史"]


def test_query_and_index_agree_on_traditional_titles():
    assert set(text.query_words("紅樓夢")) <= set(text.index_tokens("红楼梦"))


def test_pinyin_full_initials_and_syllables():
    tokens = text.pinyin_tokens("红楼梦")
    assert {"hong", "lou", "meng", "hongloumeng", "hlm"} <= set(tokens)
    whole = text.pinyin_tokens("平凡的世界")
    assert {"pingfandeshijie", "pfdsj", "pingfan", "shijie"} <= set(whole)


def test_pinyin_of_text_without_han_is_empty():
    assert text.pinyin_tokens("Harry Potter") == []
    assert text.index_tokens("Harry Potter", pinyin=True) == ["harry", "potter"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7-5037-1744-0", "9787503717444"),
        ("ISBN 7503717440 (pbk.)", "9787503717444"),
        ("978-7-5037-1744-4", "9787503717444"),
        ("9787503717444", "9787503717444"),
        ("0-306-40615-2", "9780306406157"),
        ("080442957X", "9780804429573"),
        ("979-10-90636-07-1", "9791090636071"),
    ],
)
def test_isbn_in_any_form_becomes_isbn13(value, expected):
    assert text.isbn_normalise(value) == expected


@pytest.mark.parametrize(
    "value", ["", "7-5037-1744-1", "9787503717445", "12345", "abc", "978750371744"]
)
def test_invalid_isbns_are_refused(value):
    assert text.isbn_normalise(value) is None


def test_isbn_forms_give_10_and_13():
    assert text.isbn_forms("7-5037-1744-0") == ["9787503717444", "7503717440"]
    assert text.isbn_forms("979-10-90636-07-1") == ["9791090636071"]
    assert text.isbn13_to_10("9780804429573") == "080442957X"


def test_looks_like_isbn():
    assert text.looks_like_isbn("978-7-5037-1744-4")
    assert not text.looks_like_isbn("2008")
    assert not text.looks_like_isbn("红楼梦")


def test_match_key_ignores_punctuation_case_and_script():
    assert text.match_key("紅樓夢 / ") == text.match_key("红楼梦") == "红楼梦"
    assert text.match_key("The Great Gatsby.") == "thegreatgatsby"


def test_long_queries_are_cut():
    assert len(text.query_words("中国" * 5000)) <= text.MAX_QUERY_CHARS


def test_odd_characters_give_no_words():
    assert text.query_words('""(( ::: ！！ \x00 ☃') == []


def test_whole_title_pinyin_leaves_out_digits_and_latin():
    assert "nxyxw" in text.pinyin_tokens("女性醫學 100問")
