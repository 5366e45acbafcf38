"""The terms a passage is indexed under and a question is searched by.

Both go through the project's one normalisation (`core.text.words(..., for_index=True)`:
NFKC, traditional → simplified, lower case, jieba's search-mode words); then
function words go, and Latin words are stemmed (Snowball English, so "libraries",
"opening" and "renewed" meet "library", "open" and "renew"). A passage and a
question in either language are cut the same way.

Synonyms and aliases (`synonyms.txt`: one group per line, terms separated by `|`)
are expanded on both sides: a text that contains any term of a group gets the
group's own term (`~12`), so 杭图 in a question meets 杭州图书馆 in a passage, and
"West Lake" in a Chinese question meets 西湖. Pure: no database, no clock.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

from wenlan.core import text as core_text

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")

# A question is read up to this many characters: a question is a sentence or two,
# and a pasted page must not cost seconds of segmentation.
MAX_QUESTION_CHARS = 400


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


ZH_STOP = _listed(
    """
    的 地 得 了 着 过 吗 嘛 呢 吧 啊 呀 哦 么 是 在 有 和 与 及 或 也 都 就 还 又
    这 那 这个 那个 这些 那些 这里 那里 哪 哪个 哪些 哪里 哪儿 什么 啥 怎么 怎样
    怎么样 如何 为什么 为何 多少 几 谁 请问 请 我 我们 你 你们 您 他 她 它 他们
    可以 能 能否 能不能 可不可以 会 要 想 一下 一个 个 些 去 到 给 被 把 对 从
    向 咋 之 其 为 以 于 而 所 所以 因为 如果 但是 是不是 有没有 有什么 吗 哪家
    一 二 该 应该 需要 知道 告诉 介绍 一些 关于 叫 叫做 指 呢 里 中 上 下
    时候 什么时候 哪一年 哪年 一年 哪一天 哪天 几时 何时 多久 多长 多长时间 多大
    多远 哪位 是谁 干什么 做什么 有何 何处 何人 怎么办 怎么样才能 具体 主要 哪些地方
    """
)

EN_STOP = _listed(
    """
    a an the is are was were be been being am do does did done of in on at to for
    from by with about as and or but if so than then what which who whom whose when
    where why how can could would should will shall may might must i me my mine we
    us our you your he him his she her it its they them their this that these those
    there here any some tell please much many get got there's what's it's i'm i'd
    into onto out up down over under again also just only very too not no yes s
    know want like one ones does doesn't don't isn't let
    """
)


@functools.cache
def _stemmer():
    import Stemmer  # PyStemmer: Snowball's English stemmer, in C

    return Stemmer.Stemmer("english")


def _clean(text: str) -> str:
    # NUL and other control characters are no words; jieba need not see them.
    return "".join(ch if ch >= " " else " " for ch in text)


def _word_terms(words: list[str]) -> list[str]:
    out: list[str] = []
    latin: list[tuple[int, str]] = []
    for word in words:
        if core_text.has_han(word):
            if word not in ZH_STOP:
                out.append(word)
        elif word not in EN_STOP:
            latin.append((len(out), word))
            out.append(word)
    if latin:
        stems = _stemmer().stemWords([word for _i, word in latin])
        for (i, _word), stem in zip(latin, stems, strict=True):
            out[i] = stem
    return out


def plain_terms(text: str) -> list[str]:
    """The terms of `text` without synonym expansion, in order."""
    return _word_terms(core_text.words(_clean(text), for_index=True))


@dataclass(frozen=True)
class SynonymTerm:
    group: str  # the group's own term, "~<line>"
    han: str  # the normalised term if it holds Han characters, else ""
    latin: str  # " stem stem " if it is Latin, else ""
    parts: frozenset[str]  # the plain terms it is cut into


@dataclass(frozen=True)
class Synonyms:
    terms: tuple[SynonymTerm, ...]
    group_count: int


def read_synonyms(content: str) -> Synonyms:
    terms: list[SynonymTerm] = []
    groups = 0
    for number, line in enumerate(content.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        entries = [entry.strip() for entry in line.split("|") if entry.strip()]
        if len(entries) < 2:
            continue
        groups += 1
        for entry in entries:
            parts = plain_terms(entry)
            if core_text.has_han(entry):
                han = core_text.normalise(entry).replace(" ", "")
                terms.append(SynonymTerm(f"~{number}", han, "", frozenset(parts)))
            elif parts:
                latin = " " + " ".join(parts) + " "
                terms.append(SynonymTerm(f"~{number}", "", latin, frozenset(parts)))
    return Synonyms(tuple(terms), groups)


@functools.cache
def synonyms() -> Synonyms:
    return read_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))


def _matched(text: str, terms: list[str], table: Synonyms) -> list[SynonymTerm]:
    han_text = core_text.normalise(text).replace(" ", "")
    latin_text = " " + " ".join(terms) + " "
    return [
        term
        for term in table.terms
        if (term.han and term.han in han_text) or (term.latin and term.latin in latin_text)
    ]


def passage_terms(text: str, *, table: Synonyms | None = None) -> list[str]:
    """What a passage (with its article's title) is indexed under: its terms and
    the term of each synonym group it mentions."""
    table = synonyms() if table is None else table
    terms = plain_terms(text)
    groups = dict.fromkeys(term.group for term in _matched(text, terms, table))
    return terms + list(groups)


@dataclass(frozen=True)
class Question:
    terms: tuple[str, ...]  # distinct, in order: plain terms, then synonym groups
    # For each plain term, the synonym groups whose matched term contains it: such
    # a term counts as found in a passage that has one of those groups.
    covered_by: dict[str, frozenset[str]]


def question_terms(text: str, *, table: Synonyms | None = None) -> Question:
    table = synonyms() if table is None else table
    text = _clean(text[:MAX_QUESTION_CHARS])
    plain = list(dict.fromkeys(plain_terms(text)))
    matched = _matched(text, plain, table)
    groups = list(dict.fromkeys(term.group for term in matched))
    covered_by: dict[str, frozenset[str]] = {}
    for word in plain:
        owners = frozenset(
            term.group for term in matched if word in term.parts or (term.han and word in term.han)
        )
        if owners:
            covered_by[word] = owners
    return Question(tuple(plain + groups), covered_by)


def guess_language(text: str) -> str:
    """zh-hans when the text holds a Han character, else en."""
    return "zh-hans" if core_text.has_han(text[:MAX_QUESTION_CHARS]) else "en"
