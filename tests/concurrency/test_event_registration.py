"""Readers racing for the last seats of an occurrence, each on its own connection:
exactly the free seats are confirmed, everyone else waits in the order they came,
and a double click gives one registration."""

import datetime as dt
import queue
import threading

import pytest
from django.db import connection

from wenlan.core import clock
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Occurrence, Registration
from wenlan.events.services.registrations import registration_cancel, registration_create
from wenlan.events.tests.factories import BASE, OccurrenceFactory, RegistrationFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

THREADS = 40


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks (select_for_update) are only real on PostgreSQL; SQLite serialises writers"
        )


def _race(actors_and_occurrences: list[tuple[object, int]]) -> tuple[list, list]:
    barrier = threading.Barrier(len(actors_and_occurrences))
    results, errors = [], []
    lock = threading.Lock()

    def sign_up(actor, occurrence_id):
        try:
            barrier.wait(timeout=30)
            with clock.freeze(BASE - dt.timedelta(days=1)):
                result = registration_create(actor=actor, occurrence_id=occurrence_id)
            with lock:
                results.append(result)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=pair) for pair in actors_and_occurrences]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_last_seats_go_to_exactly_as_many_readers_and_the_rest_wait_in_order():
    occurrence = OccurrenceFactory(capacity=30, confirmed_count=20)
    for _ in range(20):
        RegistrationFactory(occurrence=occurrence)
    readers = ReaderFactory.create_batch(THREADS)

    results, errors = _race([(reader.user, occurrence.pk) for reader in readers])

    assert errors == []
    assert len(results) == THREADS
    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (30, THREADS - 10)
    racers = Registration.objects.filter(reader__in=readers).order_by("pk")
    statuses = [r.status for r in racers]
    # Arrival order is the order the lock was granted, which is the order of the
    # primary keys: the first ten got seats, everyone after them waits.
    assert statuses == [RegistrationStatus.CONFIRMED] * 10 + [RegistrationStatus.WAITLISTED] * (
        THREADS - 10
    )
    assert (
        Registration.objects.filter(
            occurrence=occurrence, status=RegistrationStatus.CONFIRMED
        ).count()
        == 30
    )

    # A cancellation hands the seat to the first reader waiting.
    first_waiting = racers[10]
    seated = racers[0]
    with clock.freeze(BASE - dt.timedelta(hours=12)):
        registration_cancel(actor=seated.reader.user, registration_id=seated.pk)
    first_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (30, THREADS - 11)


def test_double_clicks_give_one_registration_each():
    occurrence = OccurrenceFactory(capacity=5)
    readers = ReaderFactory.create_batch(THREADS // 4)
    clicks = [(reader.user, occurrence.pk) for reader in readers for _ in range(4)]

    results, errors = _race(clicks)

    assert errors == []
    assert sum(1 for r in results if r.created) == len(readers)
    assert Registration.objects.filter(occurrence=occurrence).count() == len(readers)
    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (5, len(readers) - 5)


def test_two_occurrences_race_independently():
    small, large = OccurrenceFactory(capacity=3), OccurrenceFactory(capacity=100)
    readers = ReaderFactory.create_batch(THREADS)
    pairs = [(r.user, (small if i % 2 else large).pk) for i, r in enumerate(readers)]

    _, errors = _race(pairs)

    assert errors == []
    small.refresh_from_db()
    large.refresh_from_db()
    assert (small.confirmed_count, small.waitlist_count) == (3, THREADS // 2 - 3)
    assert (large.confirmed_count, large.waitlist_count) == (THREADS // 2, 0)
    assert Occurrence.objects.filter(confirmed_count__gt=0).count() == 2


def test_one_reader_racing_for_two_occurrences_of_an_event_gets_one_place():
    """The per-reader limit holds across occurrences: the reader's row is locked
    before either occurrence's, so their sign-ups go one at a time."""
    first = OccurrenceFactory(capacity=10)
    second = OccurrenceFactory(event=first.event, capacity=10, starts_at=first.starts_at)
    readers = ReaderFactory.create_batch(THREADS // 4)
    clicks = [
        (reader.user, occurrence.pk)
        for reader in readers
        for occurrence in (first, second, first, second)
    ]

    results, errors = _race(clicks)

    assert {type(e).__name__ for e in errors} == {"RegistrationLimitError"}
    assert sum(1 for r in results if r.created) == len(readers)
    for reader in readers:
        assert Registration.objects.filter(reader=reader).count() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.confirmed_count + second.confirmed_count == len(readers)
    assert first.waitlist_count + second.waitlist_count == 0


@pytest.mark.slow
def test_two_thousand_readers_for_the_last_three_hundred_seats():
    """The issue's crowd: 2,000 readers at once for 300 seats, through as many
    concurrent clients as the database takes connections for (40), each signing
    up reader after reader."""
    occurrence = OccurrenceFactory(capacity=300)
    library = LibraryFactory()
    readers = ReaderFactory.create_batch(2000, home_library=library)
    waiting = queue.SimpleQueue()
    for reader in readers:
        waiting.put(reader.user)
    barrier = threading.Barrier(THREADS)
    errors = []

    def client():
        try:
            barrier.wait(timeout=30)
            with clock.freeze(BASE - dt.timedelta(days=1)):
                while True:
                    try:
                        actor = waiting.get_nowait()
                    except queue.Empty:
                        return
                    registration_create(actor=actor, occurrence_id=occurrence.pk)
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connection.close()

    clients = [threading.Thread(target=client) for _ in range(THREADS)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=300)

    assert errors == []
    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (300, 1700)
    statuses = list(
        Registration.objects.filter(occurrence=occurrence)
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == [RegistrationStatus.CONFIRMED] * 300 + [RegistrationStatus.WAITLISTED] * 1700


def test_a_reader_with_one_place_of_two_racing_for_four_more_occurrences_gets_one():
    """The places are read after the reader's lock is held: a sign-up that waited
    for it counts the place the one before it took."""
    first = OccurrenceFactory(capacity=10)
    first.event.max_occurrences_per_reader = 2
    first.event.save(update_fields=["max_occurrences_per_reader"])
    others = [
        OccurrenceFactory(event=first.event, capacity=10, starts_at=first.starts_at)
        for _ in range(4)
    ]
    reader = ReaderFactory()
    RegistrationFactory(occurrence=first, reader=reader)

    results, errors = _race([(reader.user, occurrence.pk) for occurrence in others])

    assert [type(e).__name__ for e in errors] == ["RegistrationLimitError"] * 3
    assert [r.created for r in results] == [True]
    assert Registration.objects.filter(reader=reader).count() == 2
    assert sum(Occurrence.objects.get(pk=s.pk).confirmed_count for s in others) == 1
