"""Pure rules of the dashboards: the period, the privacy rule applied cell by
cell, figures combined across libraries, and what counts as a rising topic."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wenlan.analytics.policies import MONTH

SUPPRESSED = "<10"


@dataclass(frozen=True)
class Period:
    month_from: str
    month_to: str

    def params(self, library: int | None) -> dict[str, str]:
        params = {"month_from": self.month_from, "month_to": self.month_to}
        if library is not None:
            params["library"] = str(library)
        return params


def month_shift(month: str, months: int) -> str:
    year, mon = int(month[:4]), int(month[5:])
    index = year * 12 + (mon - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def period_default(today: dt.date) -> Period:
    """The last twelve months, this one included."""
    month_to = f"{today.year:04d}-{today.month:02d}"
    return Period(month_from=month_shift(month_to, -11), month_to=month_to)


def period_parse(month_from: str | None, month_to: str | None, today: dt.date) -> Period:
    """A period from the picker; anything unreadable falls back to the default, and
    the two ends are put in order."""
    default = period_default(today)
    start = month_from if month_from and MONTH.match(month_from) else default.month_from
    end = month_to if month_to and MONTH.match(month_to) else default.month_to
    if start > end:
        start, end = end, start
    return Period(month_from=start, month_to=end)


@dataclass
class Cells:
    """A figure's rows with the cells covering fewer than `minimum` readers masked
    (their values None, `suppressed` True), and how many were masked."""

    rows: list[dict[str, Any]]
    suppressed: int


def cells_mask(
    rows: Iterable[Mapping[str, Any]],
    *,
    readers_column: str | None,
    values: tuple[str, ...],
    minimum: int,
) -> Cells:
    """Every row is kept (a chart keeps its axis) but a row whose distinct readers
    are fewer than `minimum` shows none of its values. Without a readers column the
    figure is not about readers (copies, transits) and nothing is masked."""
    out, suppressed = [], 0
    for row in rows:
        row = dict(row)
        small = readers_column is not None and (row.get(readers_column) or 0) < minimum
        if small:
            suppressed += 1
            for column in (*values, readers_column):
                row[column] = None
        row["suppressed"] = small
        out.append(row)
    return Cells(rows=out, suppressed=suppressed)


def rows_combine(
    rows: Iterable[Mapping[str, Any]], *, keys: tuple[str, ...], sums: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Rows of several libraries combined into one per `keys`: the `sums` added, and
    `readers` the largest of the libraries' counts. A reader who used two libraries
    is one reader, so the sum could count them twice; the largest is never more
    than the true number, which keeps the privacy rule on the safe side."""
    combined: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        into = combined.setdefault(key, {**{k: row[k] for k in keys}, **dict.fromkeys(sums, 0)})
        for column in sums:
            into[column] += row.get(column) or 0
        into["readers"] = max(into.get("readers", 0), row.get("readers") or 0)
    return [combined[key] for key in sorted(combined)]


@dataclass(frozen=True)
class Windows:
    """The days compared for rising topics: the current window (ending yesterday),
    the one before it, and the same days a year earlier (52 weeks, same weekdays)."""

    current: tuple[dt.date, dt.date]
    previous: tuple[dt.date, dt.date]
    last_year: tuple[dt.date, dt.date]

    def params(self, library: int | None) -> dict[str, str]:
        params = {
            "month_from": f"{self.last_year[0]:%Y-%m}",
            "month_to": f"{self.current[1]:%Y-%m}",
        }
        for name in ("current", "previous", "last_year"):
            start, end = getattr(self, name)
            params[f"{name}_from"], params[f"{name}_to"] = start.isoformat(), end.isoformat()
        if library is not None:
            params["library"] = str(library)
        return params


def windows_for(today: dt.date, weeks: int) -> Windows:
    days = dt.timedelta(days=7 * weeks)
    end = today - dt.timedelta(days=1)
    current = (end - days + dt.timedelta(days=1), end)
    previous = (current[0] - days, current[0] - dt.timedelta(days=1))
    year = dt.timedelta(weeks=52)
    return Windows(current=current, previous=previous, last_year=(current[0] - year, end - year))


# A topic rises when its loans in the current window are at least this many times
# those of the window before, or of the same days a year earlier, with at least
# MIN_LOANS loans (and, as every figure, at least the minimum of readers).
RISE = 1.25
MIN_LOANS = 10


def rise_ratio(now: int, before: int) -> float | None:
    """How many times `before` the figure is now; None when there was nothing before."""
    if not before:
        return None
    return round(now / before, 2)


def is_rising(*, loans: int, previous: int, last_year: int) -> bool:
    if loans < MIN_LOANS:
        return False
    week = rise_ratio(loans, previous)
    year = rise_ratio(loans, last_year)
    return (week is None and previous == 0) or (week or 0) >= RISE or (year or 0) >= RISE
