import datetime as dt

import pytest

from wenlan.knowledge.kbformat import KbFileError, article_read, topics_read
from wenlan.knowledge.policies import PassageIn, SourceIn
from wenlan.knowledge.tests.kbfiles import EN_1, ZH_1, ZH_2, article_file

TOPICS = {"west-lake", "world-heritage"}


def read(text: str | bytes, name: str = "west-lake.md"):
    data = text.encode() if isinstance(text, str) else text
    return article_read(name, data, topics=TOPICS)


def refused(text: str | bytes, name: str = "west-lake.md") -> tuple[int, str]:
    with pytest.raises(KbFileError) as caught:
        read(text, name)
    return caught.value.line, caught.value.reason


def test_reads_an_article():
    content = read(article_file())
    assert content.slug == "west-lake"
    assert (content.title_zh, content.title_en) == ("西湖", "West Lake")
    assert content.topics == ("west-lake", "world-heritage")
    assert content.review_on == dt.date(2027, 12, 31)
    assert content.kind == "article"
    assert content.sources[1] == SourceIn("杭州西湖文化景观", "杭州市人民政府", "/kb/", "2021-05")
    assert content.sources[0].date == "2011-06-24"
    assert content.passages_zh[0] == PassageIn(ZH_1.removesuffix("[1]"), (1,))
    assert content.passages_zh[1].cites == (1, 2)
    assert content.passages_en[0].text == EN_1.removesuffix(" [1]")
    assert content.origin == "file west-lake.md"


def test_lines_of_a_chinese_paragraph_join_without_a_space():
    content = read(article_file(zh=(ZH_1[:10] + "\n" + ZH_1[10:], ZH_2)))
    assert content.passages_zh[0].text == ZH_1.removesuffix("[1]")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (article_file(front="kind: blog\n"), 16, "kind must be article or faq"),
        (article_file(zh=(ZH_1,)), 21, "1 Chinese passages but 2 English"),
        (article_file(zh=(ZH_1.removesuffix("[1]"), ZH_2)), 19, "does not end with its citation"),
        (article_file(zh=("西湖很美。[1]", ZH_2)), 19, "the passage has 5 characters; 50-300"),
        (article_file(zh=(ZH_1.replace("[1]", "[3]"), ZH_2)), 19, "cites source 3"),
        (article_file(zh=("### 小标题", ZH_2)), 19, "Markdown other than plain text"),
        (article_file(zh=(ZH_1, "- " + ZH_2)), 21, "Markdown other than plain text"),
        (article_file(en=(EN_1, "Too short. [1]")), 27, "the passage has 2 words; 30-200"),
        (article_file().replace("topics: [west-lake", "topics: [lakes"), 5, "unknown topics"),
        (article_file().replace("review_on: 2027-12-31", "review_on: soon"), 6, "review_on"),
        (article_file().replace("date: 2021-05", "date: May 2021"), 7, "date must be"),
        (article_file().replace("url: /kb/", "url: javascript:alert(1)"), 7, "url must start"),
        (article_file().replace("## English", "## 英文"), 17, "two sections"),
        (article_file().replace("title_zh: 西湖\n", ""), 2, "missing title_zh"),
        (article_file().replace("---\n## 中文", "## 中文"), 1, "no closing '---'"),
        ("no front matter", 1, "must start with front matter"),
        (article_file().replace("world-heritage]", "world-heritage"), 6, "not valid YAML"),
    ],
)
def test_refuses_a_file_that_breaks_a_rule_naming_its_line(text, line, reason):
    got_line, got_reason = refused(text)
    assert reason in got_reason
    assert got_line == line


def test_the_slug_is_the_file_name():
    assert "equal to 'west-lake-2'" in refused(article_file(), "west-lake-2.md")[1]


def test_hostile_files():
    assert refused(b"---\nslug: x\xff\xfe\n---\n") == (2, "not UTF-8 text")
    assert refused(article_file().replace("西湖位于", "西湖\x00位于")) == (
        19,
        "NUL byte in the file",
    )
    bomb = 'a: &a ["lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n'
    line, reason = refused(article_file(front=bomb))
    assert "aliases" in reason
    huge = article_file(front="x: " + "y" * 20_000 + "\n")
    assert "front matter over" in refused(huge)[1]
    assert (
        "must be text" in refused(article_file().replace("title_zh: 西湖", "title_zh: [1, 2]"))[1]
    )
    assert "mapping" in refused("---\n- a\n- b\n---\n")[1]


def test_topics_file():
    assert topics_read("west-lake: {zh: 西湖, en: West Lake}\n".encode()) == {
        "west-lake": ("西湖", "West Lake")
    }
    with pytest.raises(KbFileError):
        topics_read(b"west-lake: 7\n")
