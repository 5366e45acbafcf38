import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from wenlan.core import clock
from wenlan.demo.event_programmes import OUTSIDE_VENUES, PROGRAMMES
from wenlan.demo.library_hours import fit_in_hours
from wenlan.events.enums import EventStatus, RegistrationStatus
from wenlan.events.models import (
    ActivityProposal,
    Channel,
    Event,
    Occurrence,
    ReadingClub,
    Registration,
)
from wenlan.events.services.registrations import registration_check_in
from wenlan.network.policies import DayException, Period, periods_on
from wenlan.network.selectors import library_weekly_schedule
from wenlan.spaces.models import Resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _state():
    return (
        sorted(Event.objects.values_list("pk", "updated_at", "status")),
        sorted(Occurrence.objects.values_list("pk", "confirmed_count", "waitlist_count")),
        sorted(Registration.objects.values_list("pk", "status")),
        sorted(Channel.objects.values_list("slug", flat=True)),
        sorted(Resource.objects.values_list("pk", "updated_at")),
        sorted(ReadingClub.objects.values_list("pk", "updated_at")),
        sorted(ActivityProposal.objects.values_list("pk", "updated_at")),
    )


def test_demo_has_a_month_of_events_from_several_partners_and_channels(var_dir):
    call_command("demo")
    events = Event.objects.filter(status=EventStatus.PUBLISHED)
    assert events.count() == 20  # 19 programmes and one reader's approved proposal
    partners = set(
        events.exclude(organiser_partner=None).values_list("organiser_partner__code", flat=True)
    )
    assert partners == {"zj-choir", "zju", "tea-museum", "hz-theatre", "xinhua-hz", "anime-museum"}
    channels = dict(Channel.objects.values_list("slug", "title_zh"))
    assert {"浙江省合唱网", "院士讲座", "创客空间", "少儿阅读"} <= set(channels.values())
    starts = sorted(Occurrence.objects.values_list("starts_at", flat=True))
    assert (starts[-1] - starts[0]).days >= 27
    lecture = Occurrence.objects.get(event__external_uid="demo:academician-quantum")
    assert (lecture.confirmed_count, lecture.waitlist_count) == (3, 1)
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() == 1

    laser = Resource.objects.get(slug="hz-laser")
    assert laser.induction_event.external_uid == "demo:maker-laser"
    assert Resource.objects.count() == 5

    assert set(ReadingClub.objects.values_list("slug", flat=True)) == {
        "xihu-poetry",
        "qianjiang-parents",
    }
    poetry = Event.objects.get(title_zh="湖畔诗会：读苏轼")
    assert poetry.reader_organiser.card_number == "HZ00000002"
    assert poetry.club.slug == "xihu-poetry"
    assert ActivityProposal.objects.filter(status="submitted").count() == 1

    before = _state()
    call_command("demo")
    assert _state() == before


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
def test_demo_occurrences_in_a_library_lie_within_its_opening_hours(var_dir, loaded_at):
    with clock.freeze(loaded_at):
        call_command("demo")
    occurrences = Occurrence.objects.filter(event__venue__library__isnull=False).select_related(
        "event__venue__library"
    )
    assert set(occurrences.values_list("event__external_uid", flat=True)) == {
        f"demo:{p.key}" for p in PROGRAMMES if p.venue not in OUTSIDE_VENUES
    } | {""}  # and the reader's approved proposal
    assert [_outside_hours(s) for s in occurrences if _outside_hours(s)] == []


def test_demo_has_a_tour_today_whose_tickets_can_be_checked_in_at_once(var_dir):
    loaded_at = _at(2026, 12, 2, 9, 0)  # a Wednesday morning
    with clock.freeze(loaded_at):
        call_command("demo")
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


def test_demo_tour_loaded_in_the_afternoon_starts_after_the_load_time(var_dir):
    with clock.freeze(_at(2026, 12, 2, 15, 10)):
        call_command("demo")
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
