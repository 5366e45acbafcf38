"""Pure rules: periods, CLC categories, weights, and the validation of one feed row."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from wenlan.core.text import isbn_normalise, match_key
from wenlan.rankings.enums import Category, FeedKind

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
YEAR = re.compile(r"^(\d{4})$")
EARLIEST_YEAR = 2000

COLUMNS: dict[str, tuple[str, ...]] = {
    FeedKind.LOANS: (
        "library_code",
        "province",
        "period",
        "isbn",
        "title",
        "author",
        "loans",
        "readers",
        "clc",
    ),
    FeedKind.SALES: ("source_code", "period", "isbn", "title", "units", "channel"),
    FeedKind.TITLES: ("isbn", "title", "author", "publisher", "clc", "published_on", "price"),
}
# Columns a row may leave empty.
OPTIONAL: dict[str, frozenset[str]] = {
    FeedKind.LOANS: frozenset({"province", "isbn", "author", "readers", "clc"}),
    FeedKind.SALES: frozenset({"channel"}),
    FeedKind.TITLES: frozenset({"author", "publisher", "clc", "price"}),
}


@dataclass(frozen=True)
class Period:
    text: str  # 2026-03, 2026-Q1 or 2026
    first: str  # first month, YYYY-MM
    last: str  # last month

    @property
    def months(self) -> int:
        return month_index(self.last) - month_index(self.first) + 1


def month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def month_of_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def period_parse(text: str) -> Period | None:
    text = (text or "").strip()
    if m := MONTH.match(text):
        return Period(text, text, text)
    if m := QUARTER.match(text):
        year, quarter = int(m.group(1)), int(m.group(2))
        first = f"{year:04d}-{3 * quarter - 2:02d}"
        return Period(text, first, f"{year:04d}-{3 * quarter:02d}")
    if m := YEAR.match(text):
        return Period(text, f"{text}-01", f"{text}-12")
    return None


def period_previous(period: Period) -> Period:
    """The period of the same length just before (2026-Q1 → 2025-Q4)."""
    first = month_index(period.first) - period.months
    last = month_index(period.first) - 1
    if period.months == 12:
        text = str(first // 12)
    elif period.months == 3:
        text = f"{first // 12}-Q{first % 12 // 3 + 1}"
    else:
        text = month_of_index(first)
    return Period(text, month_of_index(first), month_of_index(last))


# CLC top classes by category (docs/rankings-feeds.md, "Categories"); I287 (children's
# literature) is children's before literature. Z (general works) is only in `all`.
CATEGORY_PREFIXES: tuple[tuple[str, Category], ...] = (
    ("I287", Category.CHILDREN),
    ("TS", Category.LIFE_ARTS),
    ("J", Category.LIFE_ARTS),
    ("I", Category.LITERATURE),
    ("K", Category.HISTORY_CULTURE),
    ("G", Category.HISTORY_CULTURE),
    *((letter, Category.SOCIAL_SCIENCE) for letter in "ABCDEFH"),
    *((letter, Category.SCIENCE_TECH) for letter in "NOPQRSTUVX"),
)


def category_of_clc(clc: str) -> str:
    clc = (clc or "").strip().upper()
    for prefix, category in CATEGORY_PREFIXES:
        if clc.startswith(prefix):
            return category.value
    return ""


TERMS = ("loans", "breadth", "growth", "sales", "recency")


def weights_parse(text: str) -> dict[str, float]:
    """`loans=1,breadth=0.5` → weights for every term (0 for those not named)."""
    weights = dict.fromkeys(TERMS, 0.0)
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        name, _sep, value = pair.partition("=")
        name = name.strip()
        if name not in weights:
            raise ValueError(name)
        number = float(value)
        if not 0 <= number <= 100:
            raise ValueError(name)
        weights[name] = number
    return weights


def work_key(title: str, author: str) -> str:
    return (match_key(title) + "|" + match_key(author))[:255]


# Mojibake left by a Latin-1/UTF-8 round trip in real feeds: "rãeve" for "rêve",
# "Sociâetâe" for "Société", "áa" for "à", the replacement character, C1 controls.
MOJIBAKE = re.compile(r"ã[a-z]|â[ea]|á[a]|\ufffd|[\x80-\x9f]")


@dataclass
class RowResult:
    values: dict | None
    reason: str = ""


def _count(value: str, name: str) -> int | str:
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        return _("%(name)s 不是数字") % {"name": name}
    if number < 0:
        return _("%(name)s 为负数") % {"name": name}
    if number != number.to_integral_value() or number > 10**9:
        return _("%(name)s 应为整数") % {"name": name}
    return int(number)


def row_validate(kind: str, raw: dict[str, str], *, today: dt.date) -> RowResult:  # noqa: C901
    """One row's values checked and typed, or why it is refused."""
    values: dict = {}
    for column in COLUMNS[kind]:
        value = (raw.get(column) or "").strip()
        if "\x00" in value:
            return RowResult(None, _("%(name)s 含有空字符") % {"name": column})
        if not value and column not in OPTIONAL[kind]:
            return RowResult(None, _("缺少 %(name)s") % {"name": column})
        if len(value) > 500:
            return RowResult(None, _("%(name)s 过长") % {"name": column})
        if MOJIBAKE.search(value):
            return RowResult(None, _("%(name)s 有乱码") % {"name": column})
        values[column] = value
    if values.get("isbn"):
        isbn = isbn_normalise(values["isbn"])
        if isbn is None:
            return RowResult(None, _("ISBN 校验位错误：%(isbn)s") % {"isbn": values["isbn"][:20]})
        values["isbn"] = isbn
    if "period" in values:
        period = values["period"]
        if not MONTH.match(period):
            return RowResult(None, _("期间应为 YYYY-MM：%(p)s") % {"p": period[:20]})
        if int(period[:4]) < EARLIEST_YEAR or period > f"{today:%Y-%m}":
            return RowResult(None, _("期间 %(p)s 不在可接受范围（不能是将来）") % {"p": period})
    for column in ("loans", "readers", "units"):
        if column in values:
            if values[column] == "":
                values[column] = None
                continue
            number = _count(values[column], column)
            if isinstance(number, str):
                return RowResult(None, number)
            values[column] = number
    readers = values.get("readers")
    if kind == FeedKind.LOANS and readers is not None and readers > values["loans"]:
        return RowResult(None, _("读者数大于借阅次数"))
    if kind == FeedKind.TITLES:
        try:
            published = dt.date.fromisoformat(values["published_on"])
        except ValueError:
            return RowResult(None, _("出版日期应为 YYYY-MM-DD"))
        if published > today:
            return RowResult(None, _("出版日期不能是将来"))
        values["published_on"] = published
        values["period"] = f"{published:%Y-%m}"
        if values["price"]:
            try:
                price = Decimal(values["price"])
            except InvalidOperation:
                return RowResult(None, _("定价不是数字"))
            if price < 0:
                return RowResult(None, _("price 为负数"))
    return RowResult(values)


def row_identity(kind: str, values: dict) -> tuple:
    """What may appear once in a file."""
    if kind == FeedKind.LOANS:
        return (
            values["library_code"],
            values["period"],
            values["isbn"] or work_key(values["title"], values["author"]),
        )
    if kind == FeedKind.SALES:
        return (values["source_code"], values["period"], values["isbn"], values["channel"])
    return (values["isbn"],)
