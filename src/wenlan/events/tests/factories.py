import datetime as dt

import factory
from django.utils import timezone

from wenlan.events.enums import EventCategory, EventStatus, RegistrationStatus
from wenlan.events.models import (
    Channel,
    Event,
    Occurrence,
    Registration,
    Venue,
)
from wenlan.events.policies import event_search_text
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory
from wenlan.patrons.tests.factories import ReaderFactory

BASE = timezone.make_aware(dt.datetime(2026, 12, 5, 14, 0))


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    slug = factory.Sequence(lambda n: f"channel-{n}")
    title_zh = factory.Sequence(lambda n: f"频道{n}")
    title_en = factory.Sequence(lambda n: f"Channel {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name_zh = factory.Sequence(lambda n: f"报告厅{n}")
    name_en = factory.Sequence(lambda n: f"Lecture hall {n}")
    library = factory.SubFactory(LibraryFactory)
    latitude = "30.250000"
    longitude = "120.160000"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_zh = factory.Sequence(lambda n: f"活动{n}")
    title_en = factory.Sequence(lambda n: f"Event {n}")
    description_zh = "一场讲座"
    organiser_library = factory.SelfAttribute("venue.library")
    venue = factory.SubFactory(VenueFactory)
    category = EventCategory.LECTURE
    status = EventStatus.PUBLISHED
    search_text = factory.LazyAttribute(
        lambda e: event_search_text(
            title_zh=e.title_zh,
            title_en=e.title_en,
            description_zh=e.description_zh,
            description_en="",
        )
    )


class PartnerEventFactory(EventFactory):
    organiser_library = None
    organiser_partner = factory.SubFactory(PartnerFactory)


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occurrence

    event = factory.SubFactory(EventFactory)
    starts_at = BASE
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=2))
    capacity = 30


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    reader = factory.SubFactory(ReaderFactory)
    occurrence = factory.SubFactory(OccurrenceFactory)
    status = RegistrationStatus.CONFIRMED
    ticket_code = factory.Sequence(lambda n: f"TK{n:08d}")
    created_at = factory.LazyAttribute(lambda r: r.occurrence.starts_at - dt.timedelta(days=3))
