"""How catalog metadata is shown to readers: the punctuation ISBD leaves between
MARC subfields trimmed, language codes as words, each author once. Pure
functions, no database; the stored record keeps what the MARC record says."""

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# MARC language codes (the MARC Code List for Languages, as used in 008/35-37,
# 041 and UNIMARC 101) that a Chinese city library's catalog meets.
LANGUAGE_NAMES: dict[str, Promise] = {
    "chi": _("中文"),
    "zho": _("中文"),
    "eng": _("英文"),
    "jpn": _("日文"),
    "kor": _("韩文"),
    "fre": _("法文"),
    "fra": _("法文"),
    "ger": _("德文"),
    "deu": _("德文"),
    "rus": _("俄文"),
    "spa": _("西班牙文"),
    "ita": _("意大利文"),
    "por": _("葡萄牙文"),
    "dut": _("荷兰文"),
    "swe": _("瑞典文"),
    "pol": _("波兰文"),
    "gre": _("希腊文"),
    "grc": _("古希腊文"),
    "nor": _("挪威文"),
    "dan": _("丹麦文"),
    "fin": _("芬兰文"),
    "cze": _("捷克文"),
    "hun": _("匈牙利文"),
    "rum": _("罗马尼亚文"),
    "ukr": _("乌克兰文"),
    "san": _("梵文"),
    "lat": _("拉丁文"),
    "ara": _("阿拉伯文"),
    "heb": _("希伯来文"),
    "per": _("波斯文"),
    "tur": _("土耳其文"),
    "hin": _("印地文"),
    "nep": _("尼泊尔文"),
    "tha": _("泰文"),
    "vie": _("越南文"),
    "ind": _("印度尼西亚文"),
    "may": _("马来文"),
    "mon": _("蒙古文"),
    "tib": _("藏文"),
    "uig": _("维吾尔文"),
    "mul": _("多语种"),
    "und": _("未知语种"),
}

# The BCP 47 tag of a record's language, for the `lang` attribute of the
# elements showing its metadata (screen readers pick a voice by it).
_BCP47 = {
    "chi": "zh",
    "zho": "zh",
    "eng": "en",
    "jpn": "ja",
    "kor": "ko",
    "fre": "fr",
    "fra": "fr",
    "ger": "de",
    "deu": "de",
    "rus": "ru",
    "spa": "es",
    "ita": "it",
    "por": "pt",
}

# ISBD puts " /" before the statement of responsibility, " :" before other title
# information and the publisher, " ;" before a second place or publisher, " ="
# before a parallel title, "," before a date and "." at the end of an area.
_TRAILING = re.compile(r"(?:\s*[/:;=,，：；、]|\s+\.)+\s*$")
_LEADING = re.compile(r"^\s*[/:;=,，：；]+\s*")
# A final full stop ends an abbreviation or an initial more often than an area in
# these words, so it stays: "Jr.", "Inc.", "Co.", "Ltd.", "ed.", "J. R. R."
_KEEPS_STOP = re.compile(
    r"(?:\b(?:Jr|Sr|Inc|Co|Ltd|Corp|Bros|St|Dr|Mr|Mrs|Ms|ed|eds|etc|vol|no|Bd|Hrsg)"
    r"|(?:^|[\s.(])[^\W\d_])\.$",
    re.IGNORECASE,
)


def isbd_trim(value: str) -> str:
    """A title, name or publisher without the ISBD punctuation left at its ends."""
    text = (value or "").strip()
    while True:
        trimmed = _LEADING.sub("", _TRAILING.sub("", text))
        if trimmed.endswith(".") and not trimmed.endswith("..") and not _KEEPS_STOP.search(trimmed):
            trimmed = trimmed[:-1].rstrip()
        if trimmed == text:
            return text
        text = trimmed


def publisher_display(value: str) -> str:
    """Several publishers ("A : ; B") as "A; B", each trimmed."""
    parts = [isbd_trim(part) for part in (value or "").split(";")]
    return "; ".join(part for part in parts if part)


def author_names(authors: list[dict]) -> list[str]:
    """Each author once, trimmed, in the record's order (a name given in 100 and
    again in 700, or once per role, is one person)."""
    seen: set[str] = set()
    names = []
    for author in authors:
        name = isbd_trim(author.get("name") or "")
        key = name.casefold()
        if name and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def authors_display(authors: list[dict]) -> list[tuple[str, str]]:
    """(name, romanised form) of each author once, for the record page."""
    seen: set[str] = set()
    out = []
    for author in authors:
        name = isbd_trim(author.get("name") or "")
        key = name.casefold()
        if not name or key in seen:
            continue
        seen.add(key)
        romanised = isbd_trim(author.get("romanised") or "")
        out.append((name, "" if romanised.casefold() == key else romanised))
    return out


def language_name(code: str) -> str:
    """A MARC language code as a word in the active language; an unknown code as
    it is, in capitals, so it never passes for a word of the page's language."""
    code = (code or "").strip().lower()
    if not code:
        return ""
    name = LANGUAGE_NAMES.get(code)
    return str(name) if name is not None else code.upper()


def language_tag(code: str) -> str:
    """The BCP 47 tag for a MARC language code ("und" when unknown)."""
    return _BCP47.get((code or "").strip().lower(), "und")
