"""Lesson text is kept as sanitised HTML (nh3, an allow-list of tags and
attributes): what staff type as plain text becomes paragraphs, and a page imported
from a cartridge keeps its headings, lists, links and tables but no script, style,
event handler or frame."""

import nh3
from django.utils.html import escape, linebreaks

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li",
    "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def html_clean(html: str) -> str:
    return nh3.clean(
        html.replace("\x00", ""),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def body_html(text: str) -> str:
    """What staff typed: HTML (it holds a tag) cleaned, else plain text as paragraphs."""
    text = text.replace("\x00", "").strip()
    if not text:
        return ""
    if "<" in text and ">" in text:
        return html_clean(text)
    return linebreaks(escape(text))
