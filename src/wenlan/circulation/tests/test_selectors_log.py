"""The log as the analytics export reads it: in id order, in batches, with the
record's class and the copy's home library, stopping at the first unsettled entry."""

import datetime as dt

import pytest
from django.utils import timezone

from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.models import CirculationLogEntry
from wenlan.circulation.selectors.log import log_entries_count_after, log_entries_settled

pytestmark = pytest.mark.django_db

T = timezone.make_aware(dt.datetime(2026, 5, 1, 10, 0))


def _entry(minutes: int, **kwargs) -> CirculationLogEntry:
    return CirculationLogEntry.objects.create(
        at=T + dt.timedelta(minutes=minutes), kind="checkout", **kwargs
    )


def test_batches_in_id_order_with_class_and_home_library():
    item = ItemFactory(record=RecordFactory(clc_top="I"))
    entries = [_entry(n, item_id=item.pk, record_id=item.record_id) for n in range(5)]
    hold = _entry(5, record_id=item.record_id)  # a hold step: no copy
    batches = list(
        log_entries_settled(
            after_id=entries[0].pk, settled_before=T + dt.timedelta(hours=1), batch_size=2
        )  # fmt: skip
    )
    assert [[row.id for row in b] for b in batches] == [
        [entries[1].pk, entries[2].pk], [entries[3].pk, entries[4].pk], [hold.pk],
    ]  # fmt: skip
    assert (batches[0][0].clc_top, batches[0][0].item_library_id) == ("I", item.library_id)
    assert (batches[2][0].clc_top, batches[2][0].item_library_id) == ("I", None)
    assert log_entries_count_after(after_id=entries[2].pk) == 3


def test_stops_at_the_first_entry_made_after_the_settling_time():
    first, young, older = _entry(0), _entry(30), _entry(1)
    batches = log_entries_settled(
        after_id=0, settled_before=T + dt.timedelta(minutes=10), batch_size=10
    )
    rows = [row.id for batch in batches for row in batch]
    assert rows == [first.pk]  # `older` waits behind `young`, whose id is smaller
    assert young.pk < older.pk
