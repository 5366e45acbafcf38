"""Chinese punctuation in a template is written inside a translation: a full-width
colon or bracket left outside one shows as such in the English page ("Source："),
and so does a list joined with "、". A Chinese-only document (the think tank's
printed bulletin) is the exception."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "wenlan"
CHINESE_ONLY = {"thinktank/export/bulletin_pdf.html"}
TRANSLATED = re.compile(
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}"  # a block message
    r"|{%\s*translate\s+(\"[^\"]*\"|'[^']*')[^%]*%}"  # a one-line message
    r"|{#.*?#}",  # a comment
    re.S,
)
FULL_WIDTH = re.compile("[：（）；]")
# A list joined with Chinese punctuation: the separator is translated too.
JOINED = re.compile(r"""join:["'][：；，、]""")


def _outside_translations(path: Path) -> list[str]:
    text = TRANSLATED.sub("", path.read_text(encoding="utf-8"))
    # Text inside a tag's or a filter's arguments (join:"；") is not shown as written.
    text = re.sub(r"{%.*?%}|{{.*?}}", "", text, flags=re.S)
    return [line.strip() for line in text.splitlines() if FULL_WIDTH.search(line)]


def test_no_full_width_punctuation_outside_a_translation():
    found = {}
    for path in SRC.glob("**/templates/**/*.html"):
        name = str(path).split("/templates/", 1)[1]
        if name in CHINESE_ONLY:
            continue
        if lines := _outside_translations(path):
            found[name] = lines
    assert found == {}


def test_lists_are_joined_with_the_separator_of_the_page_language():
    found = [
        str(path).split("/templates/", 1)[1]
        for path in SRC.glob("**/templates/**/*.html")
        if JOINED.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
