"""`{% lang_attr obj "title" %}`: ` lang="zh-Hans"` on an element showing a
bilingual field in the other language (the page's has no text), else nothing."""

from django import template
from django.utils.html import format_html

from wenlan.core.i18n import fallback_lang, has_han, is_english

register = template.Library()


@register.simple_tag
def lang_attr(obj: object, field: str) -> str:
    lang = fallback_lang(obj, field)
    return format_html(' lang="{}"', lang) if lang else ""


@register.simple_tag
def person_name(name: str) -> str:
    """A person's name; on an English page, in a `lang="zh-Hans"` span when
    written in Chinese characters."""
    if is_english() and has_han(name or ""):
        return format_html('<span lang="zh-Hans">{}</span>', name)
    return format_html("{}", name or "")
