import pytest

from wenlan.knowledge import terms
from wenlan.knowledge.terms import guess_language, question_terms, read_synonyms


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Who built 苏堤?", "en"),
        ("苏堤是谁修的 Su Causeway", "zh-hans"),
        ("蘇堤", "zh-hans"),
        ("When does the library open?", "en"),
        ("", "en"),
    ],
)
def test_guess_language(text, language):
    assert guess_language(text) == language


def test_synonym_groups_meet_across_words_and_languages():
    table = read_synonyms("西湖 | 西子湖 | West Lake\n借书 | 借阅\n读者证 | 借书证\n")
    assert {t.group for t in terms._matched("西子湖的风景", [], table)} == {"~1"}
    english = terms.plain_terms("the West Lake in spring")
    assert {t.group for t in terms._matched("the West Lake in spring", english, table)} == {"~1"}
    # 借书 inside 借书证 does not count: the longer term says what it is about
    assert {t.group for t in terms._matched("借书证丢了", [], table)} == {"~3"}


def test_questions_lose_their_fillers_and_keep_their_words():
    question = question_terms("請問杭圖的借書證怎麼辦？")
    words = [unit.word for unit in question.units]
    assert words == ["杭图", "借书证"]
    assert "请问" not in question.terms
    assert any(term.startswith("~") for term in question.terms)
    english = question_terms("How many books can the children borrow?")
    assert [unit.word for unit in english.units] == ["book", "children", "borrow"]


def test_the_synonym_list_is_large_and_well_formed():
    table = terms.synonyms()
    assert table.group_count >= 80
    assert all(term.han or term.latin for term in table.terms)
