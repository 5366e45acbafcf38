import datetime as dt

import pytest

from wenlan.volunteers import policies
from wenlan.volunteers.tests.factories import ID_NUMBER, id_number_with_check


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        (ID_NUMBER, True),
        (id_number_with_check("33010619900307123"), True),
        ("110105194912310021", False),  # wrong check character
        ("11010519491331002X", False),  # month 13
        ("11010519490229002X", False),  # 1949 was not a leap year
        ("1101051949123100", False),  # too short
        ("11010519491231002Y", False),
    ],
)
def test_id_number_check_digit_and_birth_date(number, valid):
    assert policies.id_number_valid(number) is valid


def test_id_number_is_normalised_and_masked():
    assert policies.id_number_normalise(" 110105 19491231 002x ") == ID_NUMBER
    assert policies.id_number_masked(ID_NUMBER) == "110***********002X"


@pytest.mark.parametrize(
    ("hours", "stars"),
    [
        (0, 0),
        (99, 0),
        (100, 1),
        (299, 1),
        (300, 2),
        (600, 3),
        (999, 3),
        (1000, 4),
        (1500, 5),
        (9000, 5),
    ],
)
def test_star_levels_by_approved_hours(hours, stars):
    assert policies.stars(hours * 60) == stars
    assert policies.stars(hours * 60 - 1) == max(0, stars - (hours in (100, 300, 600, 1000, 1500)))


def test_hours_to_next_star():
    assert policies.hours_to_next_star(0) == 100
    assert policies.hours_to_next_star(99 * 60 + 30) == 1
    assert policies.hours_to_next_star(1500 * 60) is None


def test_tags_are_bounded_by_commas():
    assert policies.tags_encode(["b", "a", "a", ""]) == ",a,b,"
    assert policies.tags_encode([]) == ""
    assert policies.tags_decode(",a,b,") == ["a", "b"]


def test_availability_slots_round_trip():
    mask = policies.slots_mask([(0, 0), (5, 1), (6, 2)])
    assert policies.slots_of(mask) == [(0, 0), (5, 1), (6, 2)]
    assert mask & policies.slot_bit(weekday=5, part=1)
    assert policies.shift_slot(dt.datetime(2026, 12, 5, 14, 0)) == (5, 1)
    assert policies.shift_slot(dt.datetime(2026, 12, 7, 19, 0)) == (0, 2)


def test_qualification_needs_every_training_and_one_skill():
    ok = policies.qualification(
        skills={"guiding"}, trainings={"orientation"},
        needs_skills={"guiding", "translation"}, needs_trainings={"orientation"},
    )  # fmt: skip
    assert ok.qualified
    no = policies.qualification(
        skills={"shelving"}, trainings=set(),
        needs_skills={"guiding"}, needs_trainings={"first_aid"},
    )  # fmt: skip
    assert (no.qualified, no.missing_skills, no.missing_trainings) == (
        False,
        ("guiding",),
        ("first_aid",),
    )


def test_match_terms_say_why():
    terms = policies.match_terms(
        skills={"legal_advice", "guiding"},
        district="xihu",
        availability=policies.slots_mask([(5, 1)]),
        needs_skills={"legal_advice"},
        shift_district="xihu",
        slot=(5, 1),
    )
    assert (terms.skills, terms.same_district, terms.available, terms.score) == (
        ("legal_advice",),
        True,
        True,
        7,
    )


def test_worked_minutes_and_windows():
    start = dt.datetime(2026, 12, 5, 14, 0)
    assert policies.worked_minutes(start, start + dt.timedelta(minutes=179, seconds=59)) == 179
    assert policies.worked_minutes(start, start - dt.timedelta(minutes=5)) == 0
    end = start + dt.timedelta(hours=3)
    assert policies.check_in_open(
        starts_at=start, ends_at=end, now=start - dt.timedelta(minutes=30)
    )
    assert not policies.check_in_open(
        starts_at=start, ends_at=end, now=start - dt.timedelta(minutes=31)
    )
    assert policies.check_out_open(ends_at=end, now=end + dt.timedelta(hours=2))
    assert not policies.check_out_open(ends_at=end, now=end + dt.timedelta(hours=2, seconds=1))


def test_name_masked():
    assert policies.name_masked("王芳") == "王*"
    assert policies.name_masked("Ann Lee") == "A** ***"
