import datetime as dt

from wenlan.events.policies import (
    TICKET_ALPHABET,
    TICKET_LENGTH,
    NoShowRule,
    age_fits,
    bounding_box,
    distance_km,
    no_show_blocked_until,
    registration_window_open,
    ticket_code_new,
    ticket_code_normalise,
)

UTC = dt.UTC
RULE = NoShowRule(threshold=3, window=dt.timedelta(days=90), block=dt.timedelta(days=30))
T0 = dt.datetime(2026, 1, 1, 10, tzinfo=UTC)


def days(n: int) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def test_two_no_shows_do_not_block():
    assert no_show_blocked_until([days(0), days(10)], now=days(11), rule=RULE) is None


def test_third_no_show_within_window_blocks_for_the_block_period():
    times = [days(0), days(40), days(80)]
    assert no_show_blocked_until(times, now=days(81), rule=RULE) == days(110)


def test_block_ends_after_the_period():
    times = [days(0), days(40), days(80)]
    assert no_show_blocked_until(times, now=days(110), rule=RULE) is None


def test_three_no_shows_spread_wider_than_the_window_do_not_block():
    times = [days(0), days(50), days(100)]
    assert no_show_blocked_until(times, now=days(101), rule=RULE) is None


def test_a_later_qualifying_no_show_extends_the_block():
    times = [days(0), days(1), days(2), days(20)]
    assert no_show_blocked_until(times, now=days(21), rule=RULE) == days(50)


def test_registration_window():
    start = days(10)
    assert registration_window_open(
        now=days(5), opens_at=None, closes_at=None, occurrence_starts_at=start
    )
    assert not registration_window_open(
        now=days(5), opens_at=days(6), closes_at=None, occurrence_starts_at=start
    )
    assert not registration_window_open(
        now=days(5), opens_at=None, closes_at=days(5), occurrence_starts_at=start
    )
    assert not registration_window_open(
        now=start, opens_at=None, closes_at=None, occurrence_starts_at=start
    )


def test_ticket_codes_use_the_unambiguous_alphabet():
    code = ticket_code_new()
    assert len(code) == TICKET_LENGTH
    assert set(code) <= set(TICKET_ALPHABET)
    assert ticket_code_normalise(" ab-cd 23 ") == "ABCD23"


def test_age_fits():
    assert age_fits(7, age_min=6, age_max=12)
    assert not age_fits(5, age_min=6, age_max=12)
    assert age_fits(70, age_min=None, age_max=None)


def test_distance_west_lake_to_hangzhou_east_station():
    # Hangzhou Library (Qianjiang New Town) to West Lake's Broken Bridge: about 5.8 km.
    assert round(distance_km(30.2475, 120.2105, 30.2590, 120.1520), 1) == 5.8


def test_bounding_box_contains_the_radius():
    min_lat, max_lat, min_lon, max_lon = bounding_box(30.25, 120.16, 5)
    assert round(max_lat - 30.25, 4) == round(30.25 - min_lat, 4) == 0.045
    assert min_lon < 120.16 - 0.045 < 120.16 + 0.045 < max_lon
