"""Circulation's door into the catalog: a copy's status, current location and due
date change here, on a row the caller has already locked (circulation locks item
rows first, in primary-key order). Each change also writes the search-index outbox
row in the same transaction, as every catalog write does."""

import datetime as dt
import threading

from django.db import transaction

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import IndexChange, Item
from wenlan.core import clock
from wenlan.core.errors import ValidationError


def item_status_set(
    *,
    item: Item,
    status: str,
    due_on: dt.date | None = None,
    location_id: int | None = None,
) -> Item:
    """`item` must be locked (select_for_update) in the current transaction."""
    if status not in ItemStatus.values:
        raise ValidationError(field="status")
    if (status == ItemStatus.ON_LOAN) != (due_on is not None):
        raise ValidationError(field="due_on")
    availability_changed = (item.status == ItemStatus.AVAILABLE) != (status == ItemStatus.AVAILABLE)
    item.status = status
    item.due_on = due_on
    if location_id is not None:
        item.location_id = location_id
    now = clock.now()
    item.updated_at = now
    Item.objects.filter(pk=item.pk).update(
        status=item.status, due_on=item.due_on, location_id=item.location_id, updated_at=now
    )
    # Only the "available" facet of the index depends on circulation.
    if availability_changed:
        IndexChange.objects.create(record_id=item.record_id, op="upsert", at=now)
        transaction.on_commit(_index_sync_soon)
    return item


_sync_window_ends: dt.datetime | None = None
_sync_trailing_queued = False
_sync_window_lock = threading.Lock()
SYNC_WINDOW = dt.timedelta(milliseconds=500)


def _index_sync_soon() -> None:
    """At most two index syncs per half second (a kiosk lends and returns many times
    a second; one sync applies every outbox row written before it runs). The first
    change after a quiet spell is synced at once, so a lent copy shows as out in
    about a second; changes later in the same window share one sync queued for the
    window's end, by which time every change committed inside it is in the outbox.
    Backends that cannot defer get one per change."""
    from wenlan.catalog.tasks import catalog_index_sync

    global _sync_window_ends, _sync_trailing_queued
    if not catalog_index_sync.get_backend().supports_defer:
        catalog_index_sync.enqueue()
        return
    now = clock.now()
    with _sync_window_lock:
        if _sync_window_ends is None or now >= _sync_window_ends:
            _sync_window_ends = now + SYNC_WINDOW
            _sync_trailing_queued = False
            run_after = None
        elif not _sync_trailing_queued:
            _sync_trailing_queued = True
            run_after = _sync_window_ends
        else:
            return
    if run_after is None:
        catalog_index_sync.enqueue()
    else:
        catalog_index_sync.using(run_after=run_after).enqueue()
