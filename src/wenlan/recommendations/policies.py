"""Pure rules: which segment a reader's reading puts them in, and why; the small-cell
rule for counts. No database, no clock (the day is passed in)."""

import datetime as dt
from dataclasses import dataclass, field

from wenlan.recommendations.enums import SegmentCode

MIN_READERS = 10  # a count below this is never shown (analytics' rule, docs/analytics.md)
NEW_DAYS = 90
LAPSED_DAYS = 180
AVID_LOANS_PER_MONTH = 4.0
SHARE = 0.5  # a class is a reader's "main" one from half their loans
FOREIGN_SHARE = 0.3

HISTORY_CLASSES = frozenset("ABCDJK")  # philosophy, social sciences, politics, arts, history
SCIENCE_CLASSES = frozenset("NOPQRSTUVX")  # natural sciences, technology, medicine


@dataclass
class ReadingProfile:
    """What the export says about one reader (by pseudonym): their loans by CLC top
    class and by record language, first and last loan day, loans by hour band, the
    library where they borrowed most, their category."""

    loans: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    clc: dict[str, int] = field(default_factory=dict)
    foreign: int = 0  # loans of titles not in Chinese
    evening_weekend: int = 0  # loans after 17:00 or on a Saturday or Sunday
    library_loans: dict[int, int] = field(default_factory=dict)
    category: str = ""

    def add(
        self, *, day: dt.date, clc_top: str, foreign: bool, weekday: int, hour: int, library: int
    ) -> None:
        self.loans += 1
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)
        if clc_top:
            self.clc[clc_top] = self.clc.get(clc_top, 0) + 1
        self.foreign += int(foreign)
        self.evening_weekend += int(hour >= 17 or weekday >= 6)
        if library:
            self.library_loans[library] = self.library_loans.get(library, 0) + 1

    @property
    def preferred_library(self) -> int | None:
        if not self.library_loans:
            return None
        return min(self.library_loans, key=lambda lib: (-self.library_loans[lib], lib))

    def share(self, classes: frozenset[str] | str) -> float:
        if not self.loans:
            return 0.0
        return sum(n for c, n in self.clc.items() if c in classes) / self.loans

    def loans_per_month(self) -> float:
        if not self.loans or self.first_day is None or self.last_day is None:
            return 0.0
        months = max(1.0, ((self.last_day - self.first_day).days + 1) / 30.4)
        return self.loans / months


def segment_of(profile: ReadingProfile, *, today: dt.date) -> SegmentCode:
    """The first rule that holds, in SegmentCode's order; `SEGMENT_RULES` says each
    in words (the staff page shows them)."""
    if profile.first_day is not None and (today - profile.first_day).days < NEW_DAYS:
        return SegmentCode.NEW
    if profile.last_day is None or (today - profile.last_day).days > LAPSED_DAYS:
        return SegmentCode.LAPSED
    if profile.category == "child":
        return SegmentCode.CHILDREN
    if profile.loans and profile.foreign / profile.loans >= FOREIGN_SHARE:
        return SegmentCode.FOREIGN
    if profile.share("I") >= SHARE:
        return SegmentCode.LITERATURE
    if profile.share(HISTORY_CLASSES) >= SHARE:
        return SegmentCode.HISTORY
    if profile.share(SCIENCE_CLASSES) >= SHARE:
        return SegmentCode.SCIENCE
    if profile.loans_per_month() >= AVID_LOANS_PER_MONTH:
        return SegmentCode.AVID
    return SegmentCode.GENERAL


def suppressed(count: int, minimum: int = MIN_READERS) -> int | None:
    """A count as it may be shown: None below `minimum` (never below 10)."""
    return count if count >= max(minimum, MIN_READERS) else None
