"""What OAI-PMH harvesters read: records, deleted ones included, by change date,
library and class."""

import datetime as dt

from django.db.models import QuerySet

from wenlan.catalog.models import Item, Record
from wenlan.network.models import Library


def records_for_harvest(
    *,
    changed_from: dt.datetime | None = None,
    changed_until: dt.datetime | None = None,
    library_code: str | None = None,
    clc_top: str | None = None,
    after_id: int = 0,
    limit: int = 100,
) -> list[Record]:
    """Records, deleted ones included, changed in [from, until], in id order after `after_id`."""
    return list(
        _harvest_queryset(changed_from, changed_until, library_code, clc_top)
        .filter(pk__gt=after_id)
        .order_by("pk")[:limit]
    )


def records_for_harvest_count(
    *,
    changed_from: dt.datetime | None = None,
    changed_until: dt.datetime | None = None,
    library_code: str | None = None,
    clc_top: str | None = None,
) -> int:
    return _harvest_queryset(changed_from, changed_until, library_code, clc_top).count()


def _harvest_queryset(changed_from, changed_until, library_code, clc_top) -> QuerySet[Record]:
    records = Record.objects.all()
    if changed_from is not None:
        records = records.filter(updated_at__gte=changed_from)
    if changed_until is not None:
        records = records.filter(updated_at__lte=changed_until)
    if library_code:
        records = records.filter(
            pk__in=Item.objects.filter(library__code=library_code).values("record_id")
        )
    if clc_top:
        records = records.filter(clc_top=clc_top)
    return records


def record_for_harvest(*, record_id: int) -> Record | None:
    return Record.objects.filter(pk=record_id).first()


def harvest_earliest() -> dt.datetime | None:
    first = Record.objects.order_by("updated_at").values_list("updated_at", flat=True).first()
    return first


def record_sets(*, record_ids: list[int]) -> dict[int, list[str]]:
    """The library codes holding each record (for the OAI-PMH set memberships)."""
    out: dict[int, set[str]] = {}
    for record_id, code in (
        Item.objects.filter(record_id__in=record_ids)
        .values_list("record_id", "library__code")
        .distinct()
    ):
        out.setdefault(record_id, set()).add(code)
    return {k: sorted(v) for k, v in out.items()}


def harvest_libraries() -> list[Library]:
    return list(Library.objects.filter(is_active=True).order_by("code"))
