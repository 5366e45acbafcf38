"""Staff-written content is stored once per language in `<field>_zh` and
`<field>_en` columns (docs/adr/0001-bilingual-content.md). `translated` picks the
active language's text and falls back on the other."""

from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def translated(obj: object, field: str) -> str:
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return (en or zh) if is_english() else (zh or en)
