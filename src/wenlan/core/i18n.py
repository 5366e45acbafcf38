"""Staff-written content is stored once per language in `<field>_zh` and
`<field>_en` columns (docs/adr/0001-bilingual-content.md). `translated` picks the
active language's text and falls back on the other."""

import re

from django.utils.translation import get_language

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def translated(obj: object, field: str) -> str:
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return (en or zh) if is_english() else (zh or en)


def fallback_lang(obj: object, field: str) -> str:
    """The language tag of `translated(obj, field)` when it is the other language's
    text (the page's language has none), for the element's `lang` attribute; ""
    when the text is in the page's language or there is none."""
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    if is_english():
        return "zh-Hans" if zh and not en else ""
    return "en" if en and not zh else ""


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None
