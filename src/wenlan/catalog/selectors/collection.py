"""The collection as the analytics export reads it: every copy once, in id order,
with its record's CLC class and the day it was added, a batch at a time."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from wenlan.catalog.models import Item


@dataclass(frozen=True)
class CollectionRow:
    id: int
    record_id: int
    library_id: int
    item_type: str
    clc_top: str
    created_at: dt.datetime


def items_after(*, after_id: int, batch_size: int) -> Iterator[list[CollectionRow]]:
    fields = ("id", "record_id", "library_id", "item_type", "record__clc_top", "created_at")
    last_id = after_id
    while True:
        rows = list(
            Item.objects.filter(pk__gt=last_id).order_by("pk").values_list(*fields)[:batch_size]
        )
        if not rows:
            return
        yield [CollectionRow(*values) for values in rows]
        last_id = rows[-1][0]


def items_count_after(*, after_id: int) -> int:
    return Item.objects.filter(pk__gt=after_id).count()
