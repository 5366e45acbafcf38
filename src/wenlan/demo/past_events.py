"""Half a year of past lectures for the insights dashboard's attendance figure:
文澜讲堂 at the central library on a Saturday afternoon each month. The demo's
readers who have an account (the named readers and the volunteers) signed up a week
before, most came and were checked in at the door, the others became no-shows.
Everything goes through the events' services with the clock set to each moment.
Idempotent: once the series exists, nothing."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.demo.events import demo_event_publish
from wenlan.events.enums import EventCategory
from wenlan.events.models import Occurrence
from wenlan.events.selectors.events import event_exists_external
from wenlan.events.services import events as event_services
from wenlan.events.services.events import VenueSpec
from wenlan.events.services.occurrences import OccurrenceSpec
from wenlan.events.services.registrations import (
    registration_check_in,
    registration_create,
    registrations_mark_no_shows,
)
from wenlan.network.models import Library
from wenlan.patrons.models import Reader

UID = "demo:past-lectures"
MONTHS = 6
SIGNUPS = 30  # of each lecture, among the readers with an account
CAME = 0.8


def _saturdays(today: dt.date) -> list[dt.datetime]:
    """The second Saturday of each of the last MONTHS months, 14:00."""
    starts = []
    for back in range(MONTHS, 0, -1):
        year, month = today.year, today.month - back
        while month < 1:
            year, month = year - 1, month + 12
        first = dt.date(year, month, 1)
        saturday = first + dt.timedelta(days=(5 - first.weekday()) % 7 + 7)
        starts.append(timezone.make_aware(dt.datetime.combine(saturday, dt.time(14))))
    return starts


def past_events_demo_load() -> dict:
    if event_exists_external(external_uid=UID):
        return {"past_lectures": 0}
    central = Library.objects.filter(code="HZ").first()
    readers = list(Reader.objects.filter(user__isnull=False).select_related("user").order_by("pk"))
    if central is None or len(readers) < SIGNUPS:
        return {"past_lectures": 0}
    starts = _saturdays(clock.today())
    with clock.freeze(starts[0] - dt.timedelta(days=30)):
        event = event_services.event_create(
            actor=SYSTEM,
            title_zh="文澜讲堂：读懂杭州",
            title_en="Wenlan Lectures: reading Hangzhou",
            description_zh="每月一讲，学者与读者一起读杭州的历史、山水与人物。",
            description_en="A lecture a month: scholars and readers on Hangzhou's history, "
            "landscape and people.",
            organiser_library_id=central.pk,
            venue=VenueSpec(name_zh="报告厅", name_en="Lecture hall", library_id=central.pk),
            category=EventCategory.LECTURE,
            registration_required=True,
            max_occurrences_per_reader=MONTHS,
            occurrences=[
                OccurrenceSpec(start, start + dt.timedelta(hours=2), capacity=80)
                for start in starts
            ],
            external_uid=UID,
        )
        demo_event_publish(event_id=event.pk)
    door = get_user_model().objects.get(username="admin")
    rng = random.Random(23)
    attended = 0
    for occurrence in Occurrence.objects.filter(event_id=event.pk).order_by("starts_at"):
        tickets = []
        with clock.freeze(occurrence.starts_at - dt.timedelta(days=7)):
            for reader in rng.sample(readers, SIGNUPS):
                try:
                    tickets.append(
                        registration_create(actor=reader.user, occurrence_id=occurrence.pk)
                    )
                except WenlanError:
                    continue  # blocked after no-shows, as a reader would be
        for n, result in enumerate(tickets):
            if rng.random() < CAME:
                with clock.freeze(occurrence.starts_at - dt.timedelta(minutes=20 - n % 20)):
                    registration_check_in(actor=door, code=result.registration.ticket_code)
                attended += 1
        registrations_mark_no_shows(ended_before=occurrence.ends_at + dt.timedelta(minutes=1))
    return {"past_lectures": MONTHS, "attended": attended}
