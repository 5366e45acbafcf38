"""Every change to a record or its copies writes an IndexChange row in the same
transaction (the outbox the search index is fed from) and, after commit, queues
the index sync."""

from collections.abc import Iterable

from wenlan.catalog.enums import IndexOp
from wenlan.catalog.models import IndexChange
from wenlan.core import clock
from wenlan.core.tasks import enqueue_on_commit


def _index_later() -> None:
    from wenlan.catalog.tasks import catalog_index_sync

    enqueue_on_commit(catalog_index_sync)


def record_changed(
    record_ids: Iterable[int], *, op: str = IndexOp.UPSERT, notify: bool = True
) -> None:
    at = clock.now()
    IndexChange.objects.bulk_create(IndexChange(record_id=rid, op=op, at=at) for rid in record_ids)
    if notify:
        _index_later()
