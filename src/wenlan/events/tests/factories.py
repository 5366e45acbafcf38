import datetime as dt

import factory
from django.utils import timezone

from wenlan.events.enums import EventCategory, EventStatus, RegistrationStatus
from wenlan.events.models import (
    Booking,
    Channel,
    Event,
    Exhibition,
    ExhibitionImage,
    Occurrence,
    Registration,
    Resource,
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


class ExhibitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibition

    slug = factory.Sequence(lambda n: f"exhibition-{n}")
    title_zh = factory.Sequence(lambda n: f"展览{n}")
    title_en = factory.Sequence(lambda n: f"Exhibition {n}")
    organiser_library = factory.SubFactory(LibraryFactory)
    is_published = True


class ExhibitionImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitionImage

    exhibition = factory.SubFactory(ExhibitionFactory)
    position = factory.Sequence(lambda n: n + 1)
    image_url = factory.Sequence(lambda n: f"https://images.example.org/{n}.jpg")
    caption_zh = factory.Sequence(lambda n: f"展品{n}")
    caption_en = factory.Sequence(lambda n: f"Item {n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    slug = factory.Sequence(lambda n: f"resource-{n}")
    name_zh = "3D 打印机"
    name_en = "3D printer"
    kind = "printer_3d"
    library = factory.SubFactory(LibraryFactory)
    slot_minutes = 60
    day_opens = dt.time(9)
    day_closes = dt.time(12)
    open_weekdays = "0,1,2,3,4,5,6"
    max_hours_per_week = 2


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    resource = factory.SubFactory(ResourceFactory)
    reader = factory.SubFactory(ReaderFactory)
    starts_at = BASE.replace(hour=10)
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + dt.timedelta(hours=1))
    created_at = factory.LazyAttribute(lambda b: b.starts_at - dt.timedelta(days=1))
