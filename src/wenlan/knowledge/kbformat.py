"""Reading a knowledge-base file (Markdown with YAML front matter; the format is
described in docs/architecture.md, "Knowledge base") into an `ArticleContent`.

Pure: bytes in, content or a `KbFileError` (line and reason) out. Hostile files
are refused, never crash the reader: a file over the size limit, bytes that are
not UTF-8, NUL bytes, front matter over `MAX_FRONT_MATTER_CHARS` or using YAML
aliases (the "billion laughs" bomb), values of the wrong type."""

import datetime as dt
import re

import yaml

from wenlan.core.text import has_han
from wenlan.knowledge.enums import ArticleKind
from wenlan.knowledge.policies import (
    SLUG,
    SOURCE_DATE,
    ArticleContent,
    PassageIn,
    SourceIn,
    passage_split,
)

MAX_FRONT_MATTER_CHARS = 16_000
ZH_CHARS = (50, 300)
EN_WORDS = (30, 200)
SECTIONS = ("中文", "English")
# Markdown that is not plain text: a heading, a list item, a table row, a quote,
# a link or an image.
_MARKUP = re.compile(r"^(#{1,6}\s|[-*+]\s|\d+[.)]\s|\||>)|!?\[[^\]]*\]\([^)]*\)")
_HAN_END = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]$")


class KbFileError(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


class _NoAliasLoader(yaml.SafeLoader):
    """yaml.safe_load's loader, refusing aliases: an alias bomb expands into a
    structure far larger than its text."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise KbFileError(mark.line + 2, "YAML aliases (*name) are not allowed")
        return super().compose_node(parent, index)


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise KbFileError(line, "not UTF-8 text") from error
    if "\x00" in text:
        raise KbFileError(text[: text.index("\x00")].count("\n") + 1, "NUL byte in the file")
    return text.removeprefix("\ufeff")


def _front_matter(lines: list[str]) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        raise KbFileError(1, "the file must start with front matter between '---' lines")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise KbFileError(1, "the front matter has no closing '---' line") from None
    front = "\n".join(lines[1:end])
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise KbFileError(2, f"front matter over {MAX_FRONT_MATTER_CHARS} characters")
    try:
        meta = yaml.load(front, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise KbFileError(
            line, f"front matter is not valid YAML: {error.problem or error}"
        ) from None
    if not isinstance(meta, dict):
        raise KbFileError(2, "the front matter must be a mapping of keys to values")
    return meta, end + 1


def _key_line(lines: list[str], key: str) -> int:
    for n, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return n
    return 2


def _text(
    meta: dict, key: str, lines: list[str], *, required: bool = True, limit: int = 200
) -> str:
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise KbFileError(_key_line(lines, key), f"missing {key}")
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise KbFileError(_key_line(lines, key), f"{key} must be text")
    value = str(value).strip()
    if len(value) > limit:
        raise KbFileError(_key_line(lines, key), f"{key} is longer than {limit} characters")
    return value


def _sources(meta: dict, lines: list[str]) -> tuple[SourceIn, ...]:
    line = _key_line(lines, "sources")
    raw = meta.get("sources")
    if not isinstance(raw, list) or not raw:
        raise KbFileError(line, "sources must be a list of one or more sources")
    if len(raw) > 50:
        raise KbFileError(line, "more than 50 sources")
    out = []
    for n, source in enumerate(raw, start=1):
        if not isinstance(source, dict):
            raise KbFileError(line, f"source {n} must be a mapping (title, publisher, url, date)")
        fields = {}
        for key, limit in (("title", 300), ("publisher", 200), ("url", 500), ("date", 10)):
            value = source.get(key)
            if isinstance(value, dt.date):
                value = value.isoformat()
            if value is not None and not isinstance(value, str | int):
                raise KbFileError(line, f"source {n}: {key} must be text")
            value = "" if value is None else str(value).strip()
            if len(value) > limit:
                raise KbFileError(line, f"source {n}: {key} longer than {limit} characters")
            fields[key] = value
        if not fields["title"]:
            raise KbFileError(line, f"source {n} has no title")
        if fields["date"] and not SOURCE_DATE.match(fields["date"]):
            raise KbFileError(line, f"source {n}: date must be YYYY-MM-DD, YYYY-MM or YYYY")
        if fields["url"] and not fields["url"].startswith(("http://", "https://", "/")):
            raise KbFileError(
                line, f"source {n}: url must start with http://, https:// or / (this site)"
            )
        out.append(SourceIn(**fields))
    return tuple(out)


def _topics(meta: dict, lines: list[str], known: set[str]) -> tuple[str, ...]:
    raw = meta.get("topics") or []
    line = _key_line(lines, "topics")
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        raise KbFileError(line, "topics must be a list of topic slugs")
    unknown = [t for t in raw if t not in known]
    if unknown:
        raise KbFileError(line, f"unknown topics (not in _topics.yaml): {', '.join(unknown)}")
    return tuple(dict.fromkeys(raw))


def _paragraphs(lines: list[str], first: int) -> list[tuple[int, str]]:
    """(line number, text) of each paragraph; lines of Chinese join without a space."""
    out: list[tuple[int, str]] = []
    start, current = 0, ""
    for n, line in enumerate(lines, start=first):
        stripped = line.strip()
        if not stripped:
            if current:
                out.append((start, current))
            current = ""
            continue
        if _MARKUP.search(stripped):
            raise KbFileError(n, "Markdown other than plain text (heading, list, table, link)")
        if not current:
            start, current = n, stripped
        elif _HAN_END.search(current) and has_han(stripped[:1]):
            current += stripped
        else:
            current += " " + stripped
    if current:
        out.append((start, current))
    return out


def _passages(
    paragraphs: list[tuple[int, str]], *, chinese: bool, sources: int
) -> tuple[PassageIn, ...]:
    out = []
    for line, text in paragraphs:
        passage = passage_split(text)
        if not passage.cites:
            raise KbFileError(line, "the passage does not end with its citation, [1] or [1, 2]")
        bad = [n for n in passage.cites if n < 1 or n > sources]
        if bad:
            raise KbFileError(line, f"the passage cites source {bad[0]}, which is not listed")
        if chinese:
            size, (low, high), unit = len(passage.text), ZH_CHARS, "characters"
        else:
            size, (low, high), unit = len(passage.text.split()), EN_WORDS, "words"
        if not low <= size <= high:
            raise KbFileError(line, f"the passage has {size} {unit}; {low}-{high} allowed")
        out.append(passage)
    return tuple(out)


def article_read(name: str, data: bytes, *, topics: set[str]) -> ArticleContent:
    """The article in file `name` (its slug is the name without `.md`)."""
    lines = decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, body_start = _front_matter(lines)
    slug = _text(meta, "slug", lines, limit=100)
    expected = name.removesuffix(".md")
    if not SLUG.match(slug) or slug != expected:
        raise KbFileError(
            _key_line(lines, "slug"),
            f"slug {slug!r} must be lower-case letters, digits and hyphens, equal to {expected!r}",
        )
    kind = _text(meta, "kind", lines, required=False) or ArticleKind.ARTICLE
    if kind not in (ArticleKind.ARTICLE, ArticleKind.FAQ):
        raise KbFileError(_key_line(lines, "kind"), "kind must be article or faq")
    review_on = meta.get("review_on")
    if not isinstance(review_on, dt.date) or isinstance(review_on, dt.datetime):
        raise KbFileError(_key_line(lines, "review_on"), "review_on must be a date, YYYY-MM-DD")
    sources = _sources(meta, lines)
    headings = [
        (n, line[3:].strip())
        for n, line in enumerate(lines[body_start:], start=body_start + 1)
        if line.startswith("## ")
    ]
    if tuple(h for _n, h in headings) != SECTIONS:
        found = ", ".join(h for _n, h in headings) or "none"
        raise KbFileError(
            headings[0][0] if headings else body_start + 1,
            f"the body must have two sections, '## 中文' then '## English' (found: {found})",
        )
    (zh_line, _), (en_line, _) = headings
    zh = _paragraphs(lines[zh_line : en_line - 1], zh_line + 1)
    en = _paragraphs(lines[en_line:], en_line + 1)
    if body_text := "".join(lines[body_start : zh_line - 1]).strip():
        raise KbFileError(body_start + 1, f"text before '## 中文': {body_text[:40]!r}")
    if not zh:
        raise KbFileError(zh_line, "the Chinese section has no passage")
    if len(zh) != len(en):
        raise KbFileError(
            en_line, f"{len(zh)} Chinese passages but {len(en)} English: they must pair up"
        )
    return ArticleContent(
        slug=slug,
        kind=kind,
        title_zh=_text(meta, "title_zh", lines),
        title_en=_text(meta, "title_en", lines),
        review_on=review_on,
        topics=_topics(meta, lines, topics),
        sources=sources,
        passages_zh=_passages(zh, chinese=True, sources=len(sources)),
        passages_en=_passages(en, chinese=False, sources=len(sources)),
        origin=f"file {name}",
    )


def topics_read(data: bytes) -> dict[str, tuple[str, str]]:
    """`_topics.yaml`: slug -> (name_zh, name_en)."""
    text = decode(data)
    if len(text) > 4 * MAX_FRONT_MATTER_CHARS:
        raise KbFileError(1, "the topics file is too large")
    try:
        raw = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise KbFileError(mark.line + 1 if mark else 1, "not valid YAML") from None
    if not isinstance(raw, dict):
        raise KbFileError(1, "the topics file must map slugs to names")
    out = {}
    for n, (slug, names) in enumerate(raw.items(), start=1):
        if not isinstance(slug, str) or not SLUG.match(slug) or not isinstance(names, dict):
            raise KbFileError(n, f"topic {slug!r}: a slug and {{zh: ..., en: ...}}")
        zh, en = names.get("zh"), names.get("en", "")
        if not isinstance(zh, str) or not zh.strip() or not isinstance(en, str):
            raise KbFileError(n, f"topic {slug!r} needs its Chinese name (zh)")
        out[slug] = (zh.strip()[:100], en.strip()[:100])
    return out
