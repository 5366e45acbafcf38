"""Readers who borrow in patterns a recommender can learn (literature readers,
history readers), their log entries, the export, and what the tests turn on."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from wenlan.analytics.services import analytics_export
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.models import CirculationLogEntry
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services.log import analytics_secret
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

NOW = timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))


@dataclass
class Library:
    libraries: list
    literature: list  # records
    history: list
    readers: list  # (reader, kind)


def pseudonym_of(reader) -> str:
    return reader_pseudonym(secret=analytics_secret(), reader_id=reader.pk)


def borrowing_world(*, readers_per_kind: int = 12, opted_in: bool = True) -> Library:
    """Two kinds of readers: literature readers borrow most of the 8 literature
    titles, history readers most of the 8 history titles; each has left one title
    of their kind unborrowed. Every title has a copy on a shelf."""
    libraries = [LibraryFactory(), LibraryFactory()]
    literature = [
        RecordFactory(title=f"小说{n}", clc="I247", clc_top="I", subjects=["小说"])
        for n in range(8)
    ]
    history = [
        RecordFactory(title=f"史记{n}", clc="K20", clc_top="K", subjects=["历史"]) for n in range(8)
    ]
    for record in literature + history:
        ItemFactory(record=record, library=libraries[0])
    people = []
    entries = []
    start = NOW - dt.timedelta(days=200)
    for kind, titles in (("literature", literature), ("history", history)):
        for n in range(readers_per_kind):
            reader = ReaderFactory(home_library=libraries[n % 2], allow_recommendations=opted_in)
            people.append((reader, kind))
            skip = n % len(titles)
            for k, record in enumerate(titles):
                if k == skip:
                    continue
                at = start + dt.timedelta(days=k * 20 + n % 5, hours=10)
                entries.append(
                    CirculationLogEntry(
                        at=at,
                        kind=LogEntryKind.CHECKOUT,
                        reader_pseudonym=pseudonym_of(reader),
                        reader_category="adult",
                        item_id=None,
                        record_id=record.pk,
                        library_id=libraries[n % 2].pk,
                        channel="desk",
                    )
                )
    CirculationLogEntry.objects.bulk_create(entries)
    return Library(libraries, literature, history, people)


def export_now():
    with clock.freeze(NOW):
        return analytics_export(settle_seconds=0)
