"""Pure rules: no database."""

import datetime as dt

import pytest

from wenlan.patrons.enums import AgeBand
from wenlan.patrons.policies import age_band

ON = dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, AgeBand.UNDER_7),
        (6, AgeBand.UNDER_7),
        (7, AgeBand.FROM_7),
        (12, AgeBand.FROM_7),
        (13, AgeBand.FROM_13),
        (17, AgeBand.FROM_13),
        (18, AgeBand.FROM_18),
        (34, AgeBand.FROM_18),
        (35, AgeBand.FROM_35),
        (59, AgeBand.FROM_35),
        (60, AgeBand.FROM_60),
        (126, AgeBand.FROM_60),
    ],
)
def test_each_band_starts_and_ends_where_it_says(age, band):
    assert age_band(birth_year=ON.year - age, on=ON) == band


def test_the_age_is_the_one_reached_in_the_year_of_the_day():
    # Only the year is held: on 1 January and on 31 December the band is the same.
    assert age_band(birth_year=2019, on=dt.date(2026, 1, 1)) == AgeBand.FROM_7
    assert age_band(birth_year=2019, on=dt.date(2026, 12, 31)) == AgeBand.FROM_7
    assert age_band(birth_year=2019, on=dt.date(2025, 12, 31)) == AgeBand.UNDER_7


def test_no_birth_year_or_one_after_the_day_is_unknown():
    assert age_band(birth_year=None, on=ON) == AgeBand.UNKNOWN
    assert age_band(birth_year=2027, on=ON) == AgeBand.UNKNOWN


def test_the_bands_values_are_the_exports():
    assert AgeBand.values == ["0-6", "7-12", "13-17", "18-34", "35-59", "60+", "unknown"]
