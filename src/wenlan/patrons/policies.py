"""Pure rules about readers: no database."""

import datetime as dt

from wenlan.patrons.enums import AgeBand

EARLIEST_BIRTH_YEAR = 1900

# The youngest age of each band, the oldest band first.
_BANDS: tuple[tuple[int, AgeBand], ...] = (
    (60, AgeBand.FROM_60),
    (35, AgeBand.FROM_35),
    (18, AgeBand.FROM_18),
    (13, AgeBand.FROM_13),
    (7, AgeBand.FROM_7),
    (0, AgeBand.UNDER_7),
)


def age_band(*, birth_year: int | None, on: dt.date) -> AgeBand:
    """The band of the age a reader born in `birth_year` reaches in the year of
    `on` (only the year is held, never the birthday). UNKNOWN without a birth year
    or with one after `on`'s year (a record that cannot be right)."""
    if birth_year is None:
        return AgeBand.UNKNOWN
    age = on.year - birth_year
    for youngest, band in _BANDS:
        if age >= youngest:
            return band
    return AgeBand.UNKNOWN
