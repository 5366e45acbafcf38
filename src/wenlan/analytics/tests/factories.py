"""Generated circulation and attendance for the analytics tests: a few libraries,
readers (some refusing analytics), records with CLC classes and copies, and log
entries spread over several months, made with a seeded random generator so that a
test can compute what every aggregation must return."""

import datetime as dt
import random
from dataclasses import dataclass

import factory
from django.utils import timezone

from wenlan.accounts.actors import SYSTEM
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.models import CirculationLogEntry
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services.backfill import (
    PastHold,
    PastTransit,
    circulation_history_import,
)
from wenlan.circulation.services.log import analytics_secret
from wenlan.core import clock
from wenlan.events.enums import RegistrationStatus
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, RegistrationFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import OfflineReaderFactory

# The export runs "now"; the log runs from March to the end of June, local time.
NOW = timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))
START = timezone.make_aware(dt.datetime(2026, 3, 1, 0, 0))
KINDS = [LogEntryKind.CHECKOUT] * 6 + [LogEntryKind.CHECKIN] * 3 + [LogEntryKind.RENEW]
CLC = ["I", "K", "TP", "", "G"]
# One reader in each age band in 2026, and one who gave no year (by turns, not drawn:
# the seeded draws stay those the other tests count on).
BIRTH_YEARS = [2021, 2015, 2011, 1995, 1970, 1950, None]


class CirculationLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CirculationLogEntry

    at = START
    kind = LogEntryKind.CHECKOUT
    reader_pseudonym = ""
    reader_category = "adult"
    channel = "desk"


@dataclass
class GeneratedLog:
    libraries: list
    readers: list
    items: list
    entries: list[CirculationLogEntry]


def pseudonym_of(reader) -> str:
    if not reader.allow_analytics:
        return ""
    return reader_pseudonym(secret=analytics_secret(), reader_id=reader.pk)


def generated_log(*, entries: int = 400, seed: int = 7, readers: int = 14) -> GeneratedLog:
    rng = random.Random(seed)
    libraries = [LibraryFactory() for _ in range(3)]
    people = [
        OfflineReaderFactory(
            home_library=rng.choice(libraries),
            allow_analytics=n % 5 != 4,
            category=rng.choice(["adult", "child", "senior"]),
            birth_year=BIRTH_YEARS[n % len(BIRTH_YEARS)],
        )
        for n in range(readers)
    ]
    records = [RecordFactory(clc_top=CLC[n % len(CLC)][:1]) for n in range(8)]
    items = [
        ItemFactory(record=rng.choice(records), library=rng.choice(libraries)) for _ in range(16)
    ]
    span = int((NOW - START).total_seconds()) - 3600
    made = []
    for at in sorted(START + dt.timedelta(seconds=rng.randrange(span)) for _ in range(entries)):
        reader, item = rng.choice(people), rng.choice(items)
        hold_step = rng.random() < 0.03
        made.append(
            CirculationLogEntry(
                at=at,
                kind=LogEntryKind.HOLD_PLACE if hold_step else rng.choice(KINDS),
                reader_pseudonym=pseudonym_of(reader),
                reader_category=reader.category,
                item_id=None if hold_step else item.pk,
                record_id=item.record_id,
                library_id=None if hold_step else rng.choice([item.library_id, libraries[0].pk]),
                channel=rng.choice(["desk", "sip2", "yuedu"]),
            )
        )
    CirculationLogEntry.objects.bulk_create(made)
    return GeneratedLog(libraries=libraries, readers=people, items=items, entries=made)


def generated_attendance(*, libraries, readers, seed: int = 7) -> list:
    """Registrations at four ended occurrences and one still to come."""
    rng = random.Random(seed)
    registrations = []
    for n, days_ago in enumerate([90, 60, 30, 2, -3]):
        event = EventFactory(organiser_library=libraries[n % len(libraries)], venue=None)
        starts = NOW - dt.timedelta(days=days_ago, hours=3)
        occurrence = OccurrenceFactory(event=event, starts_at=starts)
        for reader in rng.sample(readers, 6):
            status = rng.choice(
                [
                    RegistrationStatus.ATTENDED,
                    RegistrationStatus.NO_SHOW,
                    RegistrationStatus.CONFIRMED,
                    RegistrationStatus.CANCELLED,
                ]
            )
            registrations.append(
                RegistrationFactory(
                    reader=reader,
                    occurrence=occurrence,
                    status=status,
                    checked_in_at=starts if status == RegistrationStatus.ATTENDED else None,
                )
            )
    return registrations


def generated_holds_transits(*, log: GeneratedLog, seed: int = 7) -> None:
    """Finished holds (filled, cancelled, expired) and received transits, back-dated
    over the log's months, for the holds and transits datasets."""
    rng = random.Random(seed)
    span = int((NOW - START).total_seconds()) - 10 * 86400
    holds, transits = [], []
    for n in range(30):
        placed = START + dt.timedelta(seconds=rng.randrange(span))
        item = rng.choice(log.items)
        status = ["fulfilled", "fulfilled", "cancelled", "expired"][n % 4]
        ready = placed + dt.timedelta(hours=rng.randint(2, 300)) if status != "cancelled" else None
        holds.append(
            PastHold(
                record_id=item.record_id,
                reader_id=rng.choice(log.readers).pk,
                pickup_library_id=rng.choice(log.libraries).pk,
                placed_at=placed,
                ready_at=ready,
                status=status,
                closed_at=(ready or placed) + dt.timedelta(hours=rng.randint(1, 100)),
                item_id=item.pk if ready else None,
            )
        )
    for _ in range(20):
        sent = START + dt.timedelta(seconds=rng.randrange(span))
        item = rng.choice(log.items)
        to = rng.choice([lib for lib in log.libraries if lib.pk != item.library_id])
        transits.append(
            PastTransit(
                item_id=item.pk,
                from_library_id=to.pk,
                to_library_id=item.library_id,
                sent_at=sent,
                received_at=sent + dt.timedelta(hours=rng.randint(5, 90)),
            )
        )
    with clock.freeze(NOW):
        circulation_history_import(actor=SYSTEM, holds=holds, transits=transits)
