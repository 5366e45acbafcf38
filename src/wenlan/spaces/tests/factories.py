import datetime as dt

import factory
from django.utils import timezone

from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.spaces.models import Booking, Resource

BASE = timezone.make_aware(dt.datetime(2026, 12, 5, 14, 0))
NOW = timezone.make_aware(dt.datetime(2026, 12, 7, 8, 0))  # a Monday, 08:00 Shanghai
DAY = NOW.date()


def at(day_offset: int, hour: int) -> dt.datetime:
    """`hour` o'clock, `day_offset` days after NOW's day."""
    day = DAY + dt.timedelta(days=day_offset)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


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
