"""悦借 reads: the copies a reader may have delivered, the reader's own orders with
each step, a library's queue and pick list, late parcels and parcels not moving."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.circulation.permissions import ensure_desk
from wenlan.circulation.selectors.readers import reader_get_by_card
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library
from wenlan.o2o.enums import LINE_KEPT, PARCEL_OPEN, ParcelStatus
from wenlan.o2o.errors import DeliveryNotFoundError
from wenlan.o2o.models import (
    DeliveryFeeEntry,
    DeliveryLine,
    DeliveryOrder,
    DeliveryZone,
    Parcel,
    ParcelStep,
    PickupPoint,
)
from wenlan.o2o.permissions import delivery_scope, ensure_delivery, ensure_delivery_anywhere
from wenlan.o2o.policies import parcel_late, parcel_not_moving
from wenlan.patrons.models import Reader
from wenlan.patrons.selectors import reader_of

# Libraries whose shelves send 悦借 parcels (not bookstores, not pickup points).
SENDING_KINDS = (
    LibraryKind.CENTRAL,
    LibraryKind.DISTRICT,
    LibraryKind.COUNTY,
    LibraryKind.THEMED_BRANCH,
)


def deliverable_copies(*, record_id: int) -> list[Item]:
    """The record's copies on a shelf of a sending library, one line each."""
    return list(
        Item.objects.filter(
            record_id=record_id,
            status=ItemStatus.AVAILABLE,
            location__kind__in=SENDING_KINDS,
            location__is_active=True,
        )
        .select_related("location", "record")
        .order_by("location_id", "pk")
    )


def sending_library_ids(*, library_ids: set[int]) -> set[int]:
    """Those of `library_ids` that send 悦借 parcels."""
    return set(
        Library.objects.filter(
            pk__in=library_ids, kind__in=SENDING_KINDS, is_active=True
        ).values_list("pk", flat=True)
    )


def delivery_items(*, item_ids: list[int]) -> list[Item]:
    return list(
        Item.objects.filter(pk__in=item_ids).select_related("record", "location").order_by("pk")
    )


def delivery_zones() -> list[DeliveryZone]:
    return list(DeliveryZone.objects.filter(is_active=True).order_by("pk"))


def pickup_points() -> list[PickupPoint]:
    return list(
        PickupPoint.objects.filter(is_active=True, library__is_active=True)
        .select_related("library")
        .order_by("library_id")
    )


def reader_copies_on_the_way(*, reader_id: int) -> int:
    """Copies kept for the reader's orders and not yet lent (read after the reader's lock)."""
    return DeliveryLine.objects.filter(
        parcel__order__reader_id=reader_id, status__in=LINE_KEPT
    ).count()


def reader_fee_balance(*, reader_id: int) -> Decimal:
    """What the reader's fee ledger shows as not yet settled."""
    total = DeliveryFeeEntry.objects.filter(reader_id=reader_id, settled_at__isnull=True).aggregate(
        total=Sum("amount")
    )["total"]
    return total or Decimal("0.00")


def _order_queryset() -> QuerySet[DeliveryOrder]:
    return DeliveryOrder.objects.select_related("zone", "pickup_point__library").prefetch_related(
        Prefetch(
            "parcels",
            queryset=Parcel.objects.select_related("library").prefetch_related(
                Prefetch(
                    "lines",
                    queryset=DeliveryLine.objects.select_related(
                        "item", "record", "loan", "item__location"
                    ),
                ),
                Prefetch("steps", queryset=ParcelStep.objects.order_by("at", "pk")),
            ),
        )
    )


def delivery_order_list_own(*, actor) -> list[DeliveryOrder]:
    reader = reader_of(actor)
    if reader is None:
        return []
    return list(_order_queryset().filter(reader=reader).order_by("-placed_at", "-pk")[:100])


def delivery_order_get_own(*, actor, order_id: int) -> DeliveryOrder:
    reader = reader_of(actor)
    order = (
        _order_queryset().filter(pk=order_id, reader=reader).first() if reader is not None else None
    )
    if order is None:
        raise DeliveryNotFoundError()
    return order


def parcel_get(*, actor, parcel_id: int) -> Parcel:
    """A parcel for the staff of its library (or of its pickup point)."""
    ensure_delivery_anywhere(actor)
    parcel = (
        Parcel.objects.select_related(
            "order__zone", "order__reader", "library", "pickup_point__library"
        )
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=DeliveryLine.objects.select_related("item", "record", "loan"),
            ),
            Prefetch("steps", queryset=ParcelStep.objects.order_by("at", "pk")),
        )
        .filter(pk=parcel_id)
        .first()
    )
    if parcel is None:
        raise DeliveryNotFoundError()
    scope = delivery_scope(actor)
    pickup_library = parcel.pickup_point.library_id if parcel.pickup_point else None
    if scope is not None and parcel.library_id not in scope and pickup_library not in scope:
        ensure_delivery(actor, library_id=parcel.library_id)
    return parcel


def delivery_libraries(*, actor) -> list[Library]:
    """The libraries (sending libraries and pickup points) whose parcels `actor` works."""
    scope = delivery_scope(actor)
    if scope is not None and not scope:
        raise PermissionDeniedError()
    libraries = Library.objects.filter(
        kind__in=(*SENDING_KINDS, LibraryKind.PICKUP_POINT), is_active=True
    ).order_by("pk")
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    return list(libraries)


@dataclass
class QueueEntry:
    parcel: Parcel
    copies: int
    late: bool
    not_moving: bool


@dataclass
class DeliveryQueue:
    library: Library
    by_status: dict[str, list[QueueEntry]]
    late: list[QueueEntry]
    not_moving: list[QueueEntry]
    at_pickup_point: list[QueueEntry]


def delivery_queue(*, actor, library: Library, now: dt.datetime | None = None) -> DeliveryQueue:
    """A library's open parcels by status, with those late and those not moving;
    for a pickup point, the parcels waiting there."""
    ensure_delivery(actor, library_id=library.pk)
    now = now or clock.now()
    parcels = list(
        Parcel.objects.filter(status__in=(*PARCEL_OPEN, ParcelStatus.RETURN_REQUESTED))
        .filter(library=library)
        .select_related("order", "pickup_point__library", "library")
        .order_by("status_at", "pk")
    )
    here = list(
        Parcel.objects.filter(
            pickup_point__library=library,
            status__in=(ParcelStatus.DISPATCHED, ParcelStatus.AT_LOCKER),
        )
        .select_related("order", "pickup_point__library", "library")
        .order_by("status_at", "pk")
    )
    counts = _copy_counts([p.pk for p in parcels + here])
    entries = [_entry(p, counts, now) for p in parcels]
    by_status: dict[str, list[QueueEntry]] = {}
    for entry in entries:
        by_status.setdefault(entry.parcel.status, []).append(entry)
    return DeliveryQueue(
        library=library,
        by_status=by_status,
        late=[e for e in entries if e.late],
        not_moving=[e for e in entries if e.not_moving],
        at_pickup_point=[_entry(p, counts, now) for p in here],
    )


def _copy_counts(parcel_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for parcel_id in DeliveryLine.objects.filter(
        parcel_id__in=parcel_ids, status__in=(*LINE_KEPT, "lent")
    ).values_list("parcel_id", flat=True):
        counts[parcel_id] = counts.get(parcel_id, 0) + 1
    return counts


def _entry(parcel: Parcel, counts: dict[int, int], now: dt.datetime) -> QueueEntry:
    return QueueEntry(
        parcel=parcel,
        copies=counts.get(parcel.pk, 0),
        late=parcel_late(
            status=parcel.status,
            status_at=parcel.status_at,
            now=now,
            collect_by=parcel.collect_by,
        ),  # fmt: skip
        not_moving=parcel_not_moving(
            status=parcel.status,
            status_at=parcel.status_at,
            courier_seen_at=parcel.courier_seen_at,
            now=now,
        ),
    )


def pick_list(*, actor, library: Library) -> list[DeliveryLine]:
    """The copies to take off the library's shelves, by shelf location and call number."""
    ensure_delivery(actor, library_id=library.pk)
    return list(
        DeliveryLine.objects.filter(
            parcel__library=library,
            parcel__status__in=(ParcelStatus.PLACED, ParcelStatus.PICKING),
            status="ordered",
        )
        .select_related("item", "record", "parcel__order")
        .order_by("item__shelf_location", "item__call_number", "pk")
    )


def parcel_by_tracking_number(*, tracking_number: str) -> Parcel | None:
    return (
        Parcel.objects.filter(tracking_number=tracking_number).first() if tracking_number else None
    )


def parcel_at_locker(*, pickup_point_id: int, code: str) -> Parcel | None:
    return Parcel.objects.filter(
        pickup_point_id=pickup_point_id, pickup_code=code, status=ParcelStatus.AT_LOCKER
    ).first()


def other_shelf_copy(*, record_id: int, exclude_library_ids: list[int]) -> Item | None:
    """A copy of the record on another sending library's shelf (unlocked; the caller
    locks it and reads its status again)."""
    return (
        Item.objects.filter(
            record_id=record_id,
            status=ItemStatus.AVAILABLE,
            location__kind__in=SENDING_KINDS,
            location__is_active=True,
        )
        .exclude(location_id__in=exclude_library_ids)
        .order_by("pk")
        .first()
    )


def reader_for_order(*, actor) -> Reader | None:
    return reader_of(actor)


def pickup_point_of(*, library_id: int) -> PickupPoint | None:
    return PickupPoint.objects.filter(library_id=library_id).first()


def pickup_point_get(*, actor, point_id: int) -> PickupPoint:
    """A pickup point for its staff (who hand parcels over with a pickup code)."""
    ensure_delivery_anywhere(actor)
    point = PickupPoint.objects.select_related("library").filter(pk=point_id).first()
    if point is None:
        raise DeliveryNotFoundError()
    ensure_delivery(actor, library_id=point.library_id)
    return point


def line_parcel_id(*, line_id: int) -> int:
    parcel_id = DeliveryLine.objects.filter(pk=line_id).values_list("parcel_id", flat=True).first()
    if parcel_id is None:
        raise DeliveryNotFoundError()
    return parcel_id


def unsettled_fees(*, actor, library_id: int, card: str) -> tuple[Reader | None, list]:
    """For the cashier at a library's desk: the reader a card or e-card names and the
    delivery fees they have not settled."""
    ensure_desk(actor, library_id=library_id)
    reader = reader_get_by_card(card_number=card.strip()) if card.strip() else None
    if reader is None:
        return None, []
    return reader, list(
        DeliveryFeeEntry.objects.filter(reader=reader, settled_at__isnull=True).order_by(
            "created_at", "pk"
        )
    )
