"""The one path that keeps the search index in step: every change to a record or
its copies writes an IndexChange row in the same transaction (the outbox the search
index is fed from) and, after commit, queues the index sync."""

import datetime as dt
import threading
from collections.abc import Iterable

from django.db import transaction

from wenlan.catalog.enums import IndexOp
from wenlan.catalog.models import IndexChange
from wenlan.catalog.tasks import catalog_index_sync
from wenlan.core import clock


def record_changed(
    record_ids: Iterable[int], *, op: str = IndexOp.UPSERT, notify: bool = True
) -> None:
    """`notify=False` leaves the sync to the caller (an import syncs once at its end)."""
    at = clock.now()
    IndexChange.objects.bulk_create(IndexChange(record_id=rid, op=op, at=at) for rid in record_ids)
    if notify:
        transaction.on_commit(_index_sync_soon)


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
