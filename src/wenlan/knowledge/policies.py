"""What an article is made of, and the rules it keeps: pure, no database, no clock."""

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from wenlan.knowledge.enums import ArticleKind

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
# Addresses under /kb/ that are pages, not articles.
RESERVED_SLUGS = frozenset({"faq", "search"})
SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# A passage's citation: "[1]" or "[1, 2]" at its end.
CITATION = re.compile(r"\s*\[(\s*\d+\s*(?:,\s*\d+\s*)*)\]\s*$")
MAX_PASSAGE_CHARS = 2000
MAX_PASSAGES = 200
MAX_SOURCES = 50


@dataclass(frozen=True)
class SourceIn:
    title: str
    publisher: str = ""
    url: str = ""
    date: str = ""


@dataclass(frozen=True)
class PassageIn:
    text: str  # without the citation marker
    cites: tuple[int, ...] = ()  # 1-based indexes into the article's sources


@dataclass(frozen=True)
class ArticleContent:
    """An article as a writer gives it: a file, the staff form, a generated page."""

    slug: str
    title_zh: str
    title_en: str
    review_on: dt.date
    kind: str = ArticleKind.ARTICLE
    topics: tuple[str, ...] = ()
    sources: tuple[SourceIn, ...] = ()
    passages_zh: tuple[PassageIn, ...] = ()
    passages_en: tuple[PassageIn, ...] = ()
    origin: str = ""
    is_published: bool = True
    extra: dict = field(default_factory=dict, compare=False)

    def digest(self) -> str:
        """Changes when anything stored changes; the same content, the same digest."""
        data = asdict(self)
        data.pop("extra")
        data["review_on"] = self.review_on.isoformat()
        data["topics"] = sorted(self.topics)
        encoded = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()


def passage_split(text: str) -> PassageIn:
    """A passage as written, its citation marker at the end taken off."""
    text = text.strip()
    match = CITATION.search(text)
    if not match:
        return PassageIn(text)
    cites = tuple(dict.fromkeys(int(n) for n in match.group(1).split(",")))
    return PassageIn(text[: match.start()].rstrip(), cites)


def paragraphs(body: str) -> list[str]:
    """Lines up to a blank line, each paragraph joined into one line."""
    out: list[str] = []
    current: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def content_problem(content: ArticleContent) -> tuple[str, str] | None:
    """The first rule `content` breaks, as (field, message), or None. These are the
    rules of every article; files keep more (`kbformat`)."""
    if not SLUG.match(content.slug) or content.slug in RESERVED_SLUGS:
        return "slug", _("标识只能包含小写字母、数字和连字符。")
    if not content.title_zh.strip():
        return "title_zh", _("请填写中文标题。")
    if content.kind not in ArticleKind.values:
        return "kind", _("类型无效。")
    if len(content.sources) > MAX_SOURCES:
        return "sources", _("出处太多。")
    for source in content.sources:
        if not source.title.strip():
            return "sources", _("每条出处都要有标题。")
        if source.date and not SOURCE_DATE.match(source.date):
            return "sources", _("出处日期应为 YYYY-MM-DD、YYYY-MM 或 YYYY。")
        if source.url and not source.url.startswith(("http://", "https://", "/")):
            return "sources", _("出处网址应以 http://、https:// 或 / 开头。")
    if not content.passages_zh:
        return "passages_zh", _("至少要有一段中文。")
    if len(content.passages_zh) > MAX_PASSAGES:
        return "passages_zh", _("段落太多。")
    if content.passages_en and len(content.passages_en) != len(content.passages_zh):
        return "passages_en", _("英文段落的数目应与中文段落相同。")
    for name, passages in (
        ("passages_zh", content.passages_zh),
        ("passages_en", content.passages_en),
    ):
        for passage in passages:
            if not passage.text.strip():
                return name, _("段落不能为空。")
            if len(passage.text) > MAX_PASSAGE_CHARS:
                return name, _("每段最多 %(limit)s 个字符。") % {"limit": MAX_PASSAGE_CHARS}
            if any(n < 1 or n > len(content.sources) for n in passage.cites):
                return name, _("段落引用了不存在的出处。")
    return None
