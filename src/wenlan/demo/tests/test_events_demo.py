import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from wenlan.core import clock
from wenlan.demo.event_programmes import OUTSIDE_VENUES, PROGRAMMES
from wenlan.demo.library_hours import fit_in_hours
from wenlan.demo.loader import calendar_demo_load, network_and_people_load
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import (
    Occurrence,
    Registration,
)
from wenlan.events.services.registrations import registration_check_in
from wenlan.network.policies import DayException, Period, periods_on
from wenlan.network.selectors import library_weekly_schedule

pytestmark = pytest.mark.django_db


def _calendar_loaded_at(moment: dt.datetime) -> None:
    """The calendar part of the demo, on what it stands on, loaded at `moment`."""
    with clock.freeze(moment):
        network_and_people_load()
        calendar_demo_load()


def _at(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def _outside_hours(occurrence) -> str | None:
    library = occurrence.event.venue.library
    weekly = library_weekly_schedule(library)
    exceptions = {
        e.date: DayException(
            e.is_closed, Period(e.opens, e.closes) if e.opens and e.closes else None
        )
        for e in library.opening_exceptions.all()
    }
    begins, ends = timezone.localtime(occurrence.starts_at), timezone.localtime(occurrence.ends_at)
    periods = periods_on(begins.date(), weekly, exceptions)
    if ends.date() == begins.date() and any(
        p.opens <= begins.time() and ends.time() <= p.closes for p in periods
    ):
        return None
    return f"{occurrence.event.title_zh} {library.code} {begins:%a %Y-%m-%d %H:%M}-{ends:%H:%M}"


@pytest.mark.parametrize(
    "loaded_at",
    [
        _at(2026, 12, 28, 8, 0),  # a Monday (districts closed) before New Year's closures
        _at(2026, 12, 2, 21, 30),  # a Wednesday evening after every library has closed
    ],
)
def test_demo_occurrences_in_a_library_lie_within_its_opening_hours(loaded_at):
    _calendar_loaded_at(loaded_at)
    occurrences = Occurrence.objects.filter(event__venue__library__isnull=False).select_related(
        "event__venue__library"
    )
    assert set(occurrences.values_list("event__external_uid", flat=True)) == {
        f"demo:{p.key}" for p in PROGRAMMES if p.venue not in OUTSIDE_VENUES
    } | {""}  # and the reader's approved proposal
    assert [_outside_hours(s) for s in occurrences if _outside_hours(s)] == []


def test_demo_has_a_tour_today_whose_tickets_can_be_checked_in_at_once():
    loaded_at = _at(2026, 12, 2, 9, 0)  # a Wednesday morning
    _calendar_loaded_at(loaded_at)
    with clock.freeze(loaded_at):
        tour = Occurrence.objects.filter(event__external_uid="demo:central-tour").order_by(
            "starts_at"
        )
        assert [timezone.localtime(s.starts_at) for s in tour] == [
            _at(2026, 12, 2, 10, 0),
            _at(2026, 12, 9, 10, 0),
            _at(2026, 12, 16, 10, 0),
        ]
        today = tour.first()
        tickets = sorted(
            Registration.objects.filter(occurrence=today).values_list(
                "reader__card_number", flat=True
            )
        )
        assert tickets == ["HZ00000010", "HZ00000011", "HZ00000012"]
        admin = get_user_model().objects.get(username="admin")
        code = Registration.objects.get(
            occurrence=today, reader__card_number="HZ00000010"
        ).ticket_code
        checked = registration_check_in(actor=admin, code=code)
    assert checked.status == RegistrationStatus.ATTENDED
    assert checked.checked_in_at == loaded_at


def test_demo_tour_loaded_in_the_afternoon_starts_after_the_load_time():
    _calendar_loaded_at(_at(2026, 12, 2, 15, 10))
    first = Occurrence.objects.filter(event__external_uid="demo:central-tour").earliest("starts_at")
    assert timezone.localtime(first.starts_at) == _at(2026, 12, 2, 15, 30)
    assert first.confirmed_count == 3


# --- fitting an occurrence into opening hours (no database) --------------------------------

WEEK = {d: [Period(dt.time(9), dt.time(17))] for d in range(1, 7)}  # closed on Mondays


def _periods(date: dt.date) -> list[Period]:
    return WEEK.get(date.weekday(), [])


@pytest.mark.django_db(databases=[])
def test_fit_moves_a_monday_occurrence_to_tuesday_and_an_evening_one_earlier():
    monday = dt.date(2026, 12, 7)
    assert fit_in_hours(_periods, monday, dt.time(10), 60) == dt.datetime(2026, 12, 8, 10, 0)
    assert fit_in_hours(_periods, monday + dt.timedelta(days=1), dt.time(19), 90) == (
        dt.datetime(2026, 12, 8, 15, 30)
    )


@pytest.mark.django_db(databases=[])
def test_fit_keeps_after_not_before_rounded_up_and_gives_up_when_nothing_fits():
    tuesday = dt.date(2026, 12, 8)
    assert fit_in_hours(
        _periods, tuesday, dt.time(10), 60, not_before=dt.datetime(2026, 12, 8, 11, 5)
    ) == dt.datetime(2026, 12, 8, 11, 30)
    assert (
        fit_in_hours(
            _periods,
            tuesday,
            dt.time(10),
            60,
            not_before=dt.datetime(2026, 12, 8, 16, 40),
            days_ahead=1,
        )
        is None
    )
    assert fit_in_hours(_periods, tuesday, dt.time(10), 600) is None
