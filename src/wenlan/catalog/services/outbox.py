"""The one path that keeps the search index in step: every change to a record or
its copies writes an IndexChange row in the same transaction (the outbox the search
index is fed from) and, after commit, queues the index sync unless one is already
waiting (a kiosk lends and returns many times a second; one sync applies every
outbox row written before it runs)."""

from collections.abc import Iterable

from wenlan.catalog.enums import IndexOp
from wenlan.catalog.models import IndexChange
from wenlan.catalog.tasks import catalog_index_sync
from wenlan.core import clock
from wenlan.core.tasks import enqueue_once_on_commit


def record_changed(
    record_ids: Iterable[int], *, op: str = IndexOp.UPSERT, notify: bool = True
) -> None:
    """`notify=False` leaves the sync to the caller (an import syncs once at its end)."""
    at = clock.now()
    IndexChange.objects.bulk_create(IndexChange(record_id=rid, op=op, at=at) for rid in record_ids)
    if notify:
        enqueue_once_on_commit(catalog_index_sync)
