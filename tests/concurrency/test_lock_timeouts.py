"""A lock held longer than the wait allowed: the desk or the reader is told the
system is busy (a retryable 503), and nothing is written. Real row locks, so
PostgreSQL only."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.models import CirculationLogEntry, Loan
from wenlan.circulation.services import loans
from wenlan.circulation.tests.factories import network_admin
from wenlan.core import clock
from wenlan.core.errors import BusyError
from wenlan.events.models import Occurrence, Registration
from wenlan.events.services.registrations import registration_create
from wenlan.events.tests.factories import BASE, OccurrenceFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "row-lock waits are tested on PostgreSQL (set DATABASE_URL); SQLite has one writer"
        )
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0
    settings.WENLAN_CIRC_LOCK_TIMEOUT_MS = 200
    settings.WENLAN_EVENT_LOCK_TIMEOUT_MS = 200


def _holding(model, pk: int):
    """A thread holding the row's lock until the returned event is set."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                model.objects.select_for_update().get(pk=pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(timeout=30)
    return thread, release


def test_a_lend_waiting_longer_than_the_lock_timeout_is_busy():
    library = LibraryFactory()
    item = ItemFactory(library=library)
    reader = ReaderFactory(home_library=library)
    thread, release = _holding(Reader, reader.pk)
    try:
        with pytest.raises(BusyError) as refused:
            loans.loan_checkout(
                actor=network_admin(),
                library_id=library.pk,
                barcode=item.barcode,
                card_number=reader.card_number,
            )
    finally:
        release.set()
        thread.join()
    assert (refused.value.code, refused.value.status) == ("busy", 503)
    assert Loan.objects.count() == 0
    assert CirculationLogEntry.objects.count() == 0
    assert Item.objects.get(pk=item.pk).status == ItemStatus.AVAILABLE


def test_a_sign_up_waiting_longer_than_the_lock_timeout_is_busy():
    occurrence = OccurrenceFactory(capacity=5)
    reader = ReaderFactory()
    thread, release = _holding(Occurrence, occurrence.pk)
    try:
        with clock.freeze(BASE - dt.timedelta(days=1)), pytest.raises(BusyError):
            registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    finally:
        release.set()
        thread.join()
    assert Registration.objects.count() == 0
    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (0, 0)
