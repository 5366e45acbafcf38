"""The robot's pure rules: what a question is cut to, which language it is in,
which intent it has (a small matcher on the normalised text, in both languages,
each rule a list of patterns a person can read), which library it names, which
days "this weekend" means, and the conversation as text for a librarian. No
database, no clock: the caller passes today's date and the libraries' names."""

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wenlan.accounts.enums import Language
from wenlan.core import text as core_text
from wenlan.robot.enums import Intent

QUESTION_MAX_CHARS = 2000  # what is answered and stored of a question
ANSWER_MAX_CHARS = 4000  # a generated phrasing longer than this is cut
TURNS_KEPT = 50  # a conversation keeps its last 50 turns
SOURCES_SHOWN = 3  # the passage answered with, then "see also"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP = re.compile(r"<[^>]{0,200}>")
_SPACES = re.compile(r"\s+")
_BOOK_TITLE = re.compile(r"《([^》]{1,80})》")


def question_cut(question: str) -> str:
    """What is kept of a question: control characters (NUL among them) out, the
    first QUESTION_MAX_CHARS characters, trimmed. Never echoed unescaped."""
    return _CONTROL.sub("", question or "")[:QUESTION_MAX_CHARS].strip()


def question_plain(question: str) -> str:
    """The words to match and search: markup tags dropped, spaces collapsed."""
    return _SPACES.sub(" ", _MARKUP.sub(" ", question)).strip()


def answer_language(requested: str | None, question: str) -> str:
    """The language to answer in: the one asked for (`zh`, `zh-hans`, `zh-Hans`,
    `en`), else the question's own (`search_language`)."""
    wanted = (requested or "").strip().lower()
    if wanted.startswith("zh"):
        return Language.ZH_HANS
    if wanted.startswith("en"):
        return Language.EN
    return search_language(question)


_LATIN_LETTER = re.compile(r"[A-Za-z]")
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def search_language(question: str) -> str:
    """Which passages to search: the question's own language, whatever the page's.
    Chinese when it is mostly Han ("3D打印机可以预约几小时？"), English when it is mostly
    Latin letters with a Chinese name in it ("Where does Longjing 龙井 tea grow?")."""
    han = len(_HAN_CHAR.findall(question))
    latin = len(_LATIN_LETTER.findall(question))
    return Language.ZH_HANS if han and latin <= 3 * han else Language.EN


def visitor_key(session_key: str) -> str:
    """A visitor's conversations are found by their session, kept only as a hash."""
    return hashlib.sha256(f"wenlan-robot:{session_key}".encode()).hexdigest()


def transcript_owner(session_key: str | None) -> str:
    """Whose chat the page's script may draw again: a mark of the session (not the
    session key), "" before there is one. Signing in or out changes the session, so
    the next person at a shared screen never sees the last one's questions."""
    if not session_key:
        return ""
    return hashlib.sha256(f"wenlan-robot-transcript:{session_key}".encode()).hexdigest()[:16]


# --- intents -------------------------------------------------------------------

_INJECTION = [
    r"ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?|rules)",
    r"disregard (all |any )?(the )?(previous|prior|above) ",
    r"(system|developer) prompt",
    r"you are now (a|an|in) ",
    r"jailbreak",
    r"(忽略|无视|忘记)(之前|以上|前面|上面|所有)(的)?(指令|指示|提示|规则|设定)",
    r"(系统|开发者)提示词",
]

_MY = r"(我的|我借的|我借了|我在借|我所借|我现在借|我还有|我有哪些)"
_MY_LOANS = [
    rf"{_MY}.{{0,8}}(书|图书|借阅|借书)",
    r"我.{0,8}(借了|在借|借的|借着).{0,6}(书|几本|多少|哪些|什么)",
    r"我.{0,10}(到期|该还|要还|应还|何时还|什么时候还|哪天还|逾期|超期|没还|未还)",
    r"(到期|该还|要还|应还).{0,10}我",
    r"\bmy (loans?|borrowing)\b",
    r"\bmy (books?|borrowed books?)\b.{0,30}\b(due|back|overdue|renew|list)\b",
    r"\bwhat (books )?(have i|did i|do i have) (borrowed|checked out|got out|on loan)\b",
    r"\bhow many books (do i have|have i)\b",
    r"\bwhen (are|is|do) (my|i)\b.{0,30}\b(due|return|back)\b",
    r"\bmy\b.{0,30}\bdue\b",
]

_BOOK_WORDS_ZH = (
    r"(在哪|哪里|哪儿|哪个馆|哪家|有没有|有吗|有这本|能借|可借|可以借|借到|借得到|在架|馆藏|找到)"
)
_BOOK_LOCATION = [
    rf"《[^》]+》.{{0,20}}{_BOOK_WORDS_ZH}",
    rf"{_BOOK_WORDS_ZH}.{{0,20}}《[^》]+》",
    r"(有没有|有无|能借到|可以借到|借得到|哪里能借|哪里可以借|在哪借).{0,20}(这本书|一本书|的书|书吗)",
    r"(这本书|本书).{0,6}(在哪|哪里|有没有|在架)",
    r"(还有|有没有).{0,4}(可以借的|能借的|可借的|在架的)",
    r"(在|放在)哪个书架",
    r"\bdo you have (a |the )?(copy|copies|book|novel|title)\b",
    r"\bdo you have\b.{1,80}\bby\b",
    r"\bwhere (is|can i (find|borrow|get)) (a copy of|the book|the novel|copies of|a book)\b",
    r"\b(is|are) (there )?(a )?cop(y|ies) of\b",
    r"\bcop(y|ies) of .{1,80}\b(on the shelf|available|in)\b",
    r"\bcan i borrow (a copy of|the book|the novel)\b",
    r"\bon the shelf\b",
]

_EVENT_WORDS_ZH = r"(活动|讲座|展览|演出|读书会|工作坊|沙龙|亲子|故事会|放映|音乐会)"
_WHEN_ZH = (
    r"(周末|明天|今天|今晚|本周|这周|这个星期|下周|最近|近期|这几天|有什么|有哪些|有啥|什么时候)"
)
_EVENTS = [
    rf"{_WHEN_ZH}.{{0,12}}{_EVENT_WORDS_ZH}",
    rf"{_EVENT_WORDS_ZH}.{{0,12}}{_WHEN_ZH}",
    r"\bwhat('s| is|s) on\b",
    r"\bwhat('s| is) happening\b",
    r"\b(events?|lectures?|talks?|workshops?|activities|exhibitions?|concerts?|story ?times?)\b"
    r".{0,40}\b(this|next|tomorrow|today|tonight|weekend|week|month|coming|upcoming|soon)\b",
    r"\b(this|next|tomorrow|today|tonight|weekend|upcoming|coming)\b.{0,40}"
    r"\b(events?|lectures?|talks?|workshops?|activities|exhibitions?|concerts?)\b",
    r"\bany (events?|lectures?|workshops?|activities)\b",
]

# "Is it open now": an opening word and a moment (now, today, tonight, a weekday
# soon), about a library (a library word or a library's name) or about nothing
# else at all ("今天开门吗？"). Without a moment ("元旦开不开门", "开放时间是几点") the
# knowledge base's library pages answer.
_OPEN_ZH = r"(开门|开放|开馆|闭馆|关门|营业|开着|开到|几点关|几点开|休馆|关了|开吗|开不开)"
_MOMENT_ZH = (
    r"(现在|此刻|这会儿|目前|今天|今日|今晚|明天|明日|这个?(星期|礼拜)[一二三四五六日天]"
    r"|这?周[一二三四五六日末]|本周[一二三四五六日末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|还开)"
)
_OPEN_EN = r"\b(open|opens|close|closes|closed|closing)\b"
_MOMENT_EN = (
    r"\b(now|right now|today|tonight|tomorrow|this (morning|afternoon|evening)|still|"
    r"until when|till when|this (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)
_LIBRARY_WORD = r"(图书馆|分馆|杭图|书房|\blibrar(y|ies)\b|\bbranch\b)"
_OPEN_NOW = re.compile(
    rf"(?:{_OPEN_ZH}.{{0,12}}{_MOMENT_ZH}|{_MOMENT_ZH}.{{0,12}}{_OPEN_ZH}"
    rf"|{_OPEN_EN}.{{0,40}}{_MOMENT_EN}|{_MOMENT_EN}.{{0,40}}{_OPEN_EN})"
)
_LIBRARY_WORD_RE = re.compile(_LIBRARY_WORD)
_OPEN_LEFTOVERS = re.compile(
    rf"{_OPEN_ZH}|{_MOMENT_ZH}|{_OPEN_EN}|{_MOMENT_EN}|几点|到几点|吗|呢|啊|的|还|是|"
    r"\b(is|it|are|you|the|we|until|when|what|time|do|does)\b|[^\w]"
)


def _asks_if_open_now(text: str) -> bool:
    if not _OPEN_NOW.search(text):
        return False
    return bool(_LIBRARY_WORD_RE.search(text)) or not _OPEN_LEFTOVERS.sub("", text).strip()


def _compile(patterns: Sequence[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_RULES: tuple[tuple[Intent, re.Pattern], ...] = (
    (Intent.REFUSED, _compile(_INJECTION)),
    (Intent.MY_LOANS, _compile(_MY_LOANS)),
    (Intent.BOOK_LOCATION, _compile(_BOOK_LOCATION)),
    (Intent.EVENTS, _compile(_EVENTS)),
)


def normalised(question: str) -> str:
    """The one normalisation (core.text: full-width → half-width, traditional →
    simplified, lower case), spaces collapsed."""
    return _SPACES.sub(" ", core_text.normalise(question)).strip()


def intent_of(question: str) -> Intent:
    """The first rule whose patterns match the normalised question, in order:
    a prompt-injection attempt is refused, then the reader's loans, a book, the
    events, a library's hours; anything else goes to the knowledge base."""
    text = normalised(question)
    if not re.search(r"\w", text):
        return Intent.EMPTY
    for intent, pattern in _RULES:
        if pattern.search(text):
            return intent
    if _asks_if_open_now(text):
        return Intent.OPENING_HOURS
    return Intent.KNOWLEDGE


# --- libraries -----------------------------------------------------------------


@dataclass(frozen=True)
class LibraryNames:
    code: str
    name_zh: str
    name_en: str


# Names people use that the library's own names do not contain.
LIBRARY_ALIASES: dict[str, tuple[str, ...]] = {
    "HZ": (
        "杭图",
        "杭州图书馆",
        "杭州市图书馆",
        "杭州市图",
        "中心馆",
        "总馆",
        "hangzhou library",
        "hangzhou public library",
        "hangzhou city library",
        "central library",
        "main library",
    ),
}
# District names that mean something else on their own (西湖 is the lake).
_AMBIGUOUS_SHORT_NAMES = frozenset({"西湖", "杭州"})
_EN_SUFFIXES = (" library", " district library", " county library", " city library")


def library_name_forms(library: LibraryNames) -> list[str]:
    """Every form of a library's name that a question may use, normalised."""
    forms = {normalised(library.name_zh), normalised(library.name_en)}
    zh = normalised(library.name_zh)
    if zh.startswith("杭州图书馆") and len(zh) > len("杭州图书馆"):
        forms.add(zh.removeprefix("杭州图书馆"))  # 佛学分馆
    short = zh.removesuffix("图书馆")
    if short != zh and short.endswith(("区", "县", "市")):  # 西湖区, 萧山图书馆
        forms.add(short)
        bare = short[:-1]
        if len(bare) >= 2 and bare not in _AMBIGUOUS_SHORT_NAMES:
            forms.add(bare + "图书馆")
    en = normalised(library.name_en)
    for suffix in _EN_SUFFIXES:
        if en.endswith(suffix) and len(en) > len(suffix) + 2:
            forms.add(en.removesuffix(suffix) + " library")
    forms.update(normalised(alias) for alias in LIBRARY_ALIASES.get(library.code, ()))
    return sorted(form for form in forms if len(form) >= 2)


def library_named(question: str, libraries: Iterable[LibraryNames]) -> str | None:
    """The code of the library the question names (the longest name found wins,
    so 杭州图书馆佛学分馆 beats 杭州图书馆), or None."""
    text = normalised(question)
    best: tuple[int, str] | None = None
    for library in libraries:
        for form in library_name_forms(library):
            if form in text and (best is None or len(form) > best[0]):
                best = (len(form), library.code)
    return best[1] if best else None


# --- events --------------------------------------------------------------------


@dataclass(frozen=True)
class DateWindow:
    date_from: dt.date
    date_to: dt.date
    span: str  # today | tomorrow | weekend | next_weekend | week | next_week | month | coming


def event_window(question: str, *, today: dt.date) -> DateWindow:
    """The days a question about events means, from today: the weekend (this one,
    or today and tomorrow when it has begun), tomorrow, today, this or next week,
    this month; else the coming seven days."""
    text = normalised(question)
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:
        saturday = today - dt.timedelta(days=1)
    sunday = saturday + dt.timedelta(days=1)
    week_end = today + dt.timedelta(days=6 - today.weekday())
    if re.search(r"下(个)?周末|next weekend", text):
        return DateWindow(
            saturday + dt.timedelta(days=7), sunday + dt.timedelta(days=7), "next_weekend"
        )
    if re.search(r"周末|礼拜六|星期六|周六|weekend|saturday|sunday", text):
        return DateWindow(max(today, saturday), sunday, "weekend")
    if re.search(r"明天|明日|tomorrow", text):
        day = today + dt.timedelta(days=1)
        return DateWindow(day, day, "tomorrow")
    if re.search(r"今天|今晚|今日|today|tonight", text):
        return DateWindow(today, today, "today")
    if re.search(r"下周|下个星期|下星期|next week", text):
        monday = week_end + dt.timedelta(days=1)
        return DateWindow(monday, monday + dt.timedelta(days=6), "next_week")
    if re.search(r"本周|这周|这个星期|这星期|this week", text):
        return DateWindow(today, week_end, "week")
    if re.search(r"本月|这个月|this month", text):
        next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return DateWindow(today, next_month - dt.timedelta(days=1), "month")
    return DateWindow(today, today + dt.timedelta(days=6), "coming")


# --- books ---------------------------------------------------------------------

_BOOK_NOISE = [
    r"(在|放在)?哪个书架|书架|可以借的|能借的|可借的|在架的",
    r"请问|你好|您好|麻烦|帮我|查一下|查查|看看|一下",
    r"图书馆|哪个馆|哪家馆|哪里|哪儿|在哪里?|在哪儿?|有没有|有无|有吗|有这本|这本书|本书|一本",
    r"能借到|可以借到|借得到|能借|可借|可以借|在架上?|馆藏|找到|还有|吗|呢|的书|现在|[?？!！。，,.]",
    r"\b(do|does|you|we|the|library|libraries|have|has|a|an|any|copy|copies|of|where|is|are|can|"
    r"i|find|borrow|get|book|books|novel|please|there|on|shelf|available|in|stock|to|it|by)\b",
]
_BOOK_NOISE_RE = _compile(_BOOK_NOISE)


def book_query(question: str) -> str:
    """What to search the catalog for: the title in 《》 when there is one, else the
    question without the words that ask where a book is."""
    match = _BOOK_TITLE.search(question)
    if match:
        return match.group(1).strip()
    text = _BOOK_NOISE_RE.sub(" ", normalised(question))
    return _SPACES.sub(" ", text).strip()[:200]


# --- the conversation as text ----------------------------------------------------


@dataclass(frozen=True)
class TranscriptLine:
    question: str
    answer: str
    sources: tuple[str, ...]  # titles with their addresses


def transcript_text(lines: Sequence[TranscriptLine], *, asked: str, answered: str) -> str:
    """The conversation as plain text, for the librarian the question is handed
    to: each question and what the robot answered, with the sources it named."""
    parts = []
    for line in lines:
        parts.append(f"{asked}: {line.question}")
        parts.append(f"{answered}: {line.answer}")
        parts.extend(f"  - {source}" for source in line.sources)
        parts.append("")
    return "\n".join(parts).strip()


# --- what an answer is made of ------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A passage's own source: a book, a report, a web page."""

    title: str
    publisher: str = ""
    url: str = ""
    date: str = ""


@dataclass(frozen=True)
class Source:
    """Where an answer comes from: a passage of the knowledge base (`ref` is its
    "slug#n"), or a page of the site (a library, an event, a record)."""

    title: str
    url: str
    excerpt: str = ""
    ref: str = ""
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Reply:
    answer: str
    sources: tuple[Source, ...] = ()
    confidence: float = 0.0
    answered: bool = False


def excerpt_of(passage: str, *, limit: int = 160) -> str:
    passage = _SPACES.sub(" ", passage).strip()
    return passage if len(passage) <= limit else passage[: limit - 1].rstrip() + "…"
