"""Readers placing holds on one title at the same moment, on PostgreSQL with real
threads: each copy on a shelf is claimed by one hold only."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import HoldStatus
from wenlan.circulation.models import Hold
from wenlan.circulation.services import holds as hold_services
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "row-lock races are tested on PostgreSQL (set DATABASE_URL); SQLite serialises writers"
        )
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


def test_six_readers_holding_a_title_with_two_shelf_copies_claim_each_once():
    near = LibraryFactory(latitude=Decimal("30.25"), longitude=Decimal("120.15"))
    far = LibraryFactory(latitude=Decimal("30.25"), longitude=Decimal("120.35"))
    record = RecordFactory()
    ItemFactory(record=record, library=near)
    ItemFactory(record=record, library=far)
    readers = [ReaderFactory(home_library=near) for _ in range(6)]
    barrier = threading.Barrier(len(readers))
    errors = []

    def place(reader) -> None:
        try:
            barrier.wait()
            hold_services.hold_place(
                actor=reader.user,
                reader_id=reader.pk,
                record_id=record.pk,
                pickup_library_id=near.pk,
            )
        except Exception as error:  # noqa: BLE001 - a test thread reports anything
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(reader,)) for reader in readers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    holds = list(Hold.objects.filter(record=record).order_by("pk"))
    assert [h.status for h in holds] == [HoldStatus.WAITING] * 6
    assert sorted(h.pull_library_id for h in holds if h.pull_library_id) == sorted(
        [near.pk, far.pk]
    )
