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
import hashlib
import re
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
    时候 什么时候 哪一年 哪年 一年 哪一天 哪天 几时 何时 多久 多长时间 多大
    多远 哪位 是谁 干什么 做什么 有何 何处 何人 怎么办 怎么样才能 具体 主要 哪些地方
    怎么回事 回事 当年 那个 那座 那种 那些 那条 那道 那套 那块 这座 这种 背后 现在
    一共 还有 什么样 哪种 哪座 哪条 为啥 啥时候 咋办 是否 请教 听说 据说 到底 究竟
    一般 通常 大概 大约 左右 怎么样 好不好 行不行 对吗 没有 没 不 不是 能用 有人
    呢 嘛 哪儿 多少钱 几个 几种 几本 几册 几天 最 最好 有关 相关 方面 情况 东西
    不能 不会 不用 以后 开始 一次 那边 这边 那年 这是 那本 起来 下来 出来 回来 过来
    回去 一直 直接 这方面 一阵子 阵子 一辈子 辈子 意思 办法 机会 地方 喜欢 是从 从
    跟 让 当 这个 哪个 一点 有点 有些 已经 还是 或者 而且 然后 就是 只是 可能 应该
    每个 个月 怎么弄 弄 搞 最早 拿 拿到 用 看 做 出 成 却 再 只 完 快 本 走 前 写 连
    闻 去 来
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
    know want like one ones does doesn't don't isn't let happen happens happened way
    ways thing things able need needs someone anyone anything something there
    long have has had said say says become became becomes see come comes came go
    goes going went get gets getting make makes made among far
    """
)


@functools.cache
def _stemmer():
    import Stemmer  # PyStemmer: Snowball's English stemmer, in C

    return Stemmer.Stemmer("english")


def _clean(text: str) -> str:
    # NUL and other control characters are no words; jieba need not see them.
    return "".join(ch if ch >= " " else " " for ch in text)


# "How many ...": 几本书, 几张, 多少册 ask for a number the passage gives in figures.
_HOW_MANY = re.compile(
    r"^((几|多少)[\u4e00-\u9fff]{0,2}|[一二三四五六七八九十两]+[个位种座条本张册次块件家])$"
)


def _word_terms(words: list[str]) -> list[str]:
    out: list[str] = []
    latin: list[tuple[int, str]] = []
    for word in words:
        if core_text.has_han(word):
            if word not in ZH_STOP and not _HOW_MANY.match(word):
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
    latin: tuple[str, ...]  # its stemmed words if it is Latin, else ()
    parts: frozenset[str]  # the plain terms it is cut into


@dataclass(frozen=True)
class Synonyms:
    terms: tuple[SynonymTerm, ...]
    group_count: int
    # Looked up by a text's character or word, so that matching a passage costs
    # a few lookups per character rather than a search for every term.
    han_by_first: dict[str, tuple[SynonymTerm, ...]]
    latin_by_first: dict[str, tuple[SynonymTerm, ...]]


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
                terms.append(SynonymTerm(f"~{number}", han, (), frozenset(parts)))
            elif parts:
                terms.append(SynonymTerm(f"~{number}", "", tuple(parts), frozenset(parts)))
    han: dict[str, list[SynonymTerm]] = {}
    latin: dict[str, list[SynonymTerm]] = {}
    for term in terms:
        if term.han:
            han.setdefault(term.han[0], []).append(term)
        else:
            latin.setdefault(term.latin[0], []).append(term)
    return Synonyms(
        tuple(terms),
        groups,
        {k: tuple(sorted(v, key=lambda t: -len(t.han))) for k, v in han.items()},
        {k: tuple(v) for k, v in latin.items()},
    )


@functools.cache
def synonyms() -> Synonyms:
    return read_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))


# Bumped when the way a passage is cut changes (stop words, stemming, matching).
ANALYSIS_VERSION = "1"


@functools.cache
def terms_key() -> str:
    """Names the analysis and synonym list a passage's stored terms were made with."""
    content = SYNONYMS_FILE.read_bytes() + ANALYSIS_VERSION.encode()
    return hashlib.sha256(content).hexdigest()[:16]


def indexed_terms(title: str, text: str) -> str:
    """A passage's stored terms: its article's title says what it is about."""
    return " ".join(passage_terms(f"{title}\n{text}"))


def _matched(text: str, terms: list[str], table: Synonyms) -> list[SynonymTerm]:
    """The synonym terms `text` holds. A Chinese term found only inside a longer
    one that is also found does not count (借书 in 借书证, 西湖 in 西湖区): the
    longer term says what the text is about."""
    han_text = core_text.normalise(text).replace(" ", "")
    spans: list[tuple[SynonymTerm, int, int]] = []
    for i, char in enumerate(han_text):
        for term in table.han_by_first.get(char, ()):
            if han_text.startswith(term.han, i):
                spans.append((term, i, i + len(term.han)))
    kept: dict[int, SynonymTerm] = {}
    for term, start, end in spans:
        if not any(a <= start and end <= b and b - a > end - start for _t, a, b in spans):
            kept.setdefault(id(term), term)
    for i, word in enumerate(terms):
        for term in table.latin_by_first.get(word, ()):
            if tuple(terms[i : i + len(term.latin)]) == term.latin:
                kept.setdefault(id(term), term)
    return list(kept.values())


def passage_terms(text: str, *, table: Synonyms | None = None) -> list[str]:
    """What a passage (with its article's title) is indexed under: its terms and
    the term of each synonym group it mentions."""
    table = synonyms() if table is None else table
    terms = plain_terms(text)
    groups = dict.fromkeys(term.group for term in _matched(text, terms, table))
    return terms + list(groups)


@dataclass(frozen=True)
class Unit:
    """A word of the question as jieba's precise mode cuts it (or a stemmed Latin
    word), and the terms it is searched by: itself and, for a long Chinese word,
    the shorter dictionary words inside it (search mode). Coverage counts units,
    so 老人家 is one word of the question, half found when a passage says 老人."""

    word: str
    pieces: tuple[str, ...]
    groups: frozenset[str]  # synonym groups whose matched term holds it or is in it


@dataclass(frozen=True)
class Question:
    terms: tuple[str, ...]  # distinct, in order: the units' pieces, then synonym groups
    units: tuple[Unit, ...]


def _units(text: str, matched: list[SynonymTerm]) -> list[Unit]:
    units: list[Unit] = []
    for word in core_text.words(text):
        if core_text.has_han(word):
            if word in ZH_STOP or _HOW_MANY.match(word):
                continue
            key = word
            if any(term.han == word for term in matched):
                # A synonym list's term (借书证) is searched by its group, not by the
                # words inside it (借书), which mean something else.
                pieces = (word,)
            else:
                pieces = tuple(
                    p for p in core_text.words(word, for_index=True) if p not in ZH_STOP
                ) or (word,)
        else:
            if word in EN_STOP:
                continue
            key = _stemmer().stemWord(word)
            pieces = (key,)
        groups = frozenset(
            term.group
            for term in matched
            if (term.han and (key in term.han or term.han in key)) or key in term.parts
        )
        units.append(Unit(key, pieces, groups))
    return units


def question_terms(text: str, *, table: Synonyms | None = None) -> Question:
    table = synonyms() if table is None else table
    text = _clean(text[:MAX_QUESTION_CHARS])
    matched = _matched(text, plain_terms(text), table)
    groups = list(dict.fromkeys(term.group for term in matched))
    units = _units(text, matched)
    pieces = [piece for unit in units for piece in unit.pieces]
    return Question(tuple(dict.fromkeys(pieces + groups)), tuple(units))


def dictionary_words(word: str) -> list[str]:
    """A word that jieba's HMM made up (书快, 截屏存: characters it glued together
    because the pair is in no dictionary) cut again by the dictionary alone, its
    function words left out: a question's word that no passage holds may still
    hold words that passages do."""
    import rjieba  # the segmenter core.text uses, with the same dictionary

    from wenlan.core.text import normalise

    return [w for w in rjieba.cut(normalise(word), hmm=False) if w.strip() and w not in ZH_STOP]


_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def guess_language(text: str) -> str:
    """zh-hans when the text is mostly Chinese: a Han character weighs as much as
    three Latin letters (a Chinese word is one or two characters, an English one
    five or six), so "Who built 苏堤?" is English and "苏堤是谁修的 Su Causeway" Chinese."""
    text = text[:MAX_QUESTION_CHARS]
    han = len(_HAN_CHAR.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return "zh-hans" if han and han * 3 >= latin else "en"
