"""悦借: a reader orders copies that are on a shelf, to be delivered home or to a
pickup point; the order is split by holding library into parcels, whose staff
pick each copy off the shelf (`services.delivery_parcels` packs, dispatches and
delivers them).

Every step locks, in circulation's order, the copies' rows (primary-key order)
and the reader's, then o2o's parcels, and reads its rule after those locks: a
copy's status (a desk lending the last copy waits for the order, or the order for
the desk), the reader's loans and copies on the way, a parcel's status. "One
order per copy" is also a partial unique constraint."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.catalog.services.items import item_status_set
from wenlan.circulation import locks as circulation_locks
from wenlan.circulation.permissions import ensure_desk
from wenlan.circulation.services.deliveries import loan_order_check
from wenlan.core import clock
from wenlan.o2o import locks
from wenlan.o2o.enums import (
    LINE_KEPT,
    PARCEL_BEFORE_DISPATCH,
    Destination,
    LineStatus,
    ParcelStatus,
    StepNote,
)
from wenlan.o2o.errors import (
    CopyNotInParcelError,
    CopyNotOnShelfError,
    CopyTakenError,
    DeliveryAddressError,
    DeliveryEmptyError,
    DeliveryNotFoundError,
    DeliveryTooManyError,
    ParcelStepError,
)
from wenlan.o2o.models import (
    DeliveryFeeEntry,
    DeliveryLine,
    DeliveryOrder,
    DeliveryZone,
    Parcel,
    ParcelStep,
    PickupPoint,
)
from wenlan.o2o.permissions import ensure_delivery, ensure_delivery_anywhere
from wenlan.o2o.policies import copies_per_order, delivery_fee, parcel_step_allowed
from wenlan.o2o.selectors.delivery import (
    other_shelf_copy,
    reader_copies_on_the_way,
    reader_for_order,
    sending_library_ids,
)


@dataclass(frozen=True)
class OrderAsk:
    """What the reader chose: copies, and home (zone, address, phone) or a pickup point."""

    item_ids: tuple[int, ...]
    destination: str
    zone_id: int | None = None
    address: str = ""
    phone: str = ""
    pickup_point_id: int | None = None


def parcel_step(parcel: Parcel, status: str, *, step: str, note: str = "") -> None:
    """Moves a locked parcel on, if its rules allow, and writes the step the reader sees."""
    if not parcel_step_allowed(parcel.status, status):
        raise ParcelStepError(
            ParcelStepError.default_message % {"status": parcel.get_status_display(), "step": step}
        )
    now = clock.now()
    parcel.status, parcel.status_at = status, now
    parcel.save(update_fields=["status", "status_at"] + (["reason"] if note else []))
    ParcelStep.objects.create(parcel=parcel, status=status, at=now, note=note[:200])


def copies_release(*, lines: list[DeliveryLine], items: dict[int, Item], status: str) -> None:
    """The copies of `lines` go back on their library's shelf; the lines end as `status`."""
    for line in lines:
        item = items.get(line.item_id)
        if item is None:  # a copy a pick put on the line after the caller locked the others
            (item,) = circulation_locks.items_lock(item_ids=[line.item_id])
        if item.status == ItemStatus.ORDERED:
            item_status_set(
                item=item, status=ItemStatus.AVAILABLE, location_id=line.parcel.library_id
            )
        line.status = status
        line.save(update_fields=["status"])


def _destination_checked(ask: OrderAsk) -> tuple[DeliveryZone | None, PickupPoint | None]:
    if ask.destination == Destination.HOME:
        zone = DeliveryZone.objects.filter(pk=ask.zone_id, is_active=True).first()
        if zone is None or not ask.address.strip() or not ask.phone.strip():
            raise DeliveryAddressError(field="address")
        return zone, None
    if ask.destination == Destination.PICKUP_POINT:
        point = PickupPoint.objects.filter(
            pk=ask.pickup_point_id, is_active=True, library__is_active=True
        ).first()
        if point is None:
            raise DeliveryAddressError(field="pickup_point")
        return None, point
    raise DeliveryAddressError(field="destination")


def delivery_order_place(*, actor, ask: OrderAsk) -> DeliveryOrder:
    """The reader's order. Refused, with nothing kept: no copies, more than the
    reader's category may order at once, no complete destination, a copy not on a
    shelf (taken by a desk or another order a moment before), a blocked reader, or
    more copies than the loan limit allows with those out and on the way."""
    reader = reader_for_order(actor=actor)
    if reader is None:  # a member of staff without a reader's card: nothing of theirs
        raise DeliveryNotFoundError()
    item_ids = sorted(set(ask.item_ids))
    if not item_ids:
        raise DeliveryEmptyError(field="items")
    limit = copies_per_order(reader.category)
    if len(item_ids) > limit:
        raise DeliveryTooManyError(DeliveryTooManyError.default_message % {"max": limit})
    zone, point = _destination_checked(ask)
    try:
        return _order_place(reader_id=reader.pk, item_ids=item_ids, ask=ask, zone=zone, point=point)
    except IntegrityError as error:  # one order per copy: a race the locks missed
        raise CopyTakenError() from error


@transaction.atomic(durable=True)
def _order_place(*, reader_id, item_ids, ask, zone, point) -> DeliveryOrder:
    today, now = clock.today(), clock.now()
    with circulation_locks.lock_timeout():
        items = circulation_locks.items_lock(item_ids=item_ids)
        reader = circulation_locks.reader_lock(reader_id=reader_id)
    if reader is None or len(items) != len(item_ids):
        raise DeliveryNotFoundError()
    sending = sending_library_ids(library_ids={item.location_id for item in items})
    for item in items:
        if item.status != ItemStatus.AVAILABLE or item.location_id not in sending:
            raise CopyNotOnShelfError(
                CopyNotOnShelfError.default_message
                % {"title": item.record.title, "barcode": item.barcode,
                   "status": item.get_status_display()}
            )  # fmt: skip
    loan_order_check(
        reader=reader,
        items=items,
        pending=reader_copies_on_the_way(reader_id=reader.pk),
        today=today,
    )
    fee = delivery_fee(
        to_pickup_point=point is not None,
        zone_fee=zone.fee if zone else Decimal("0.00"),
        free_from_books=zone.free_from_books if zone else None,
        books=len(items),
    )
    order = DeliveryOrder.objects.create(
        reader=reader,
        destination=ask.destination,
        zone=zone,
        address=ask.address.strip()[:200] if zone else "",
        phone=ask.phone.strip()[:20] if zone else "",
        pickup_point=point,
        fee=fee,
        placed_at=now,
    )
    by_library: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_library[item.location_id].append(item)
    for library_id, copies in sorted(by_library.items()):
        parcel = Parcel.objects.create(
            order=order, library_id=library_id, status_at=now, pickup_point=point
        )
        ParcelStep.objects.create(parcel=parcel, status=ParcelStatus.PLACED, at=now)
        DeliveryLine.objects.bulk_create(
            [DeliveryLine(parcel=parcel, item=item, record_id=item.record_id) for item in copies]
        )
        for item in copies:
            item_status_set(item=item, status=ItemStatus.ORDERED)
    if fee:
        DeliveryFeeEntry.objects.create(
            reader=reader, order=order, amount=fee, note=_("配送费"), created_at=now
        )
    return order


@transaction.atomic
def delivery_order_cancel(*, actor, order_id: int, reason: str = "") -> DeliveryOrder:
    """The reader cancels before any parcel is dispatched: every copy goes back on
    its shelf and the delivery fee is refunded in the ledger."""
    reader = reader_for_order(actor=actor)
    order = DeliveryOrder.objects.filter(pk=order_id, reader=reader).first() if reader else None
    if order is None:
        raise DeliveryNotFoundError()
    lines = list(
        DeliveryLine.objects.filter(parcel__order=order, status__in=LINE_KEPT).select_related(
            "parcel"
        )
    )
    with circulation_locks.lock_timeout():
        items = {
            i.pk: i for i in circulation_locks.items_lock(item_ids=[ln.item_id for ln in lines])
        }
        circulation_locks.reader_lock(reader_id=order.reader_id)
        parcels = locks.parcels_lock(parcel_ids=list(order.parcels.values_list("pk", flat=True)))
    live = [p for p in parcels if p.status not in (ParcelStatus.CANCELLED,)]
    if not live or any(p.status not in PARCEL_BEFORE_DISPATCH for p in live):
        blocking = next((p for p in live if p.status not in PARCEL_BEFORE_DISPATCH), None)
        raise ParcelStepError(
            ParcelStepError.default_message
            % {
                "status": blocking.get_status_display()
                if blocking
                else ParcelStatus.CANCELLED.label,
                "step": pgettext("悦借步骤", "取消"),
            }
        )
    lines = list(
        DeliveryLine.objects.filter(parcel__order=order, status__in=LINE_KEPT).select_related(
            "parcel"
        )
    )
    copies_release(lines=lines, items=items, status=LineStatus.CANCELLED)
    note = reason.strip()[:200] or StepNote.READER_CANCELLED
    for parcel in live:
        parcel.reason = note
        parcel_step(parcel, ParcelStatus.CANCELLED, step=pgettext("悦借步骤", "取消"), note=note)
    _fee_refund(order=order, note=_("订单取消，退还配送费"))
    return order


def _fee_refund(*, order: DeliveryOrder, note: str) -> None:
    if order.fee:
        DeliveryFeeEntry.objects.create(
            reader_id=order.reader_id, order=order, amount=-order.fee, note=note,
            created_at=clock.now(),
        )  # fmt: skip


@dataclass
class PickResult:
    line: DeliveryLine
    substituted: bool  # another copy of the same title on this library's shelf


def delivery_line_pick(*, actor, parcel_id: int, barcode: str) -> PickResult:
    """Staff scan a copy taken off the shelf for a parcel: a copy on its pick list,
    or another copy of a title on the list from the same library's shelf (which
    then takes the first one's place; that one goes back to the shelf). Two staff
    scanning the same copy for two orders: one wins, the other is told the copy
    is taken."""
    ensure_delivery_anywhere(actor)
    parcel = Parcel.objects.filter(pk=parcel_id).first()
    if parcel is None:
        raise DeliveryNotFoundError()
    ensure_delivery(actor, library_id=parcel.library_id)
    scanned = Item.objects.filter(barcode=barcode.strip()).first()
    if scanned is None:
        raise CopyNotInParcelError()
    try:
        return _line_pick(parcel_id=parcel.pk, scanned_id=scanned.pk)
    except IntegrityError as error:
        raise CopyTakenError() from error


@transaction.atomic(durable=True)
def _line_pick(*, parcel_id: int, scanned_id: int) -> PickResult:
    open_lines = list(
        DeliveryLine.objects.filter(parcel_id=parcel_id, status=LineStatus.ORDERED).select_related(
            "parcel"
        )
    )
    mine = next((ln for ln in open_lines if ln.item_id == scanned_id), None)
    ids = {scanned_id} | ({ln.item_id for ln in open_lines} if mine is None else set())
    with circulation_locks.lock_timeout():
        items = {i.pk: i for i in circulation_locks.items_lock(item_ids=sorted(ids))}
        (parcel,) = locks.parcels_lock(parcel_ids=[parcel_id])
    if parcel.status not in (ParcelStatus.PLACED, ParcelStatus.PICKING):
        raise ParcelStepError(
            ParcelStepError.default_message
            % {"status": parcel.get_status_display(), "step": pgettext("悦借步骤", "拣书")}
        )
    lines = {
        ln.pk: ln for ln in DeliveryLine.objects.filter(parcel=parcel, status=LineStatus.ORDERED)
    }  # read again, after the locks
    scanned = items[scanned_id]
    line = next((ln for ln in lines.values() if ln.item_id == scanned_id), None)
    substituted = False
    if line is None:
        if scanned.status == ItemStatus.ORDERED or scanned.status == ItemStatus.ON_LOAN:
            raise CopyTakenError()
        line = next(
            (
                ln
                for ln in lines.values()
                if ln.record_id == scanned.record_id and ln.item_id in items
            ),
            None,
        )
        if line is None or scanned.location_id != parcel.library_id:
            raise CopyNotInParcelError()
        if scanned.status != ItemStatus.AVAILABLE:
            raise CopyNotOnShelfError(
                CopyNotOnShelfError.default_message
                % {"title": scanned.record.title, "barcode": scanned.barcode,
                   "status": scanned.get_status_display()}
            )  # fmt: skip
        line.parcel = parcel
        copies_release(lines=[line], items=items, status=LineStatus.ORDERED)
        item_status_set(item=scanned, status=ItemStatus.ORDERED)
        line.item = scanned
        substituted = True
    line.status, line.picked_at = LineStatus.PICKED, clock.now()
    line.save(update_fields=["item", "status", "picked_at"])
    if parcel.status == ParcelStatus.PLACED:
        parcel_step(parcel, ParcelStatus.PICKING, step=pgettext("悦借步骤", "拣书"))
    return PickResult(line=line, substituted=substituted)


@dataclass
class MissingResult:
    line: DeliveryLine
    moved_to: DeliveryLine | None  # the copy another library sends instead


def delivery_line_missing(*, actor, line_id: int) -> MissingResult:
    """The copy is not on the shelf: it is marked missing, and the title is offered
    to another library with a copy on its shelf (a parcel of the same order there
    that is still being picked, or a new one); with none, that part of the order is
    cancelled with the reason, and a parcel left with nothing is cancelled."""
    ensure_delivery_anywhere(actor)
    line = DeliveryLine.objects.select_related("parcel").filter(pk=line_id).first()
    if line is None:
        raise DeliveryNotFoundError()
    ensure_delivery(actor, library_id=line.parcel.library_id)
    order_parcels = dict(
        Parcel.objects.filter(order_id=line.parcel.order_id).values_list("library_id", "pk")
    )
    other = other_shelf_copy(record_id=line.record_id, exclude_library_ids=[line.parcel.library_id])
    try:
        return _line_missing(line_id=line.pk, other_id=other.pk if other else None,
                             parcel_ids=sorted(order_parcels.values()))  # fmt: skip
    except IntegrityError as error:
        raise CopyTakenError() from error


@transaction.atomic(durable=True)
def _line_missing(*, line_id: int, other_id: int | None, parcel_ids: list[int]) -> MissingResult:
    line = DeliveryLine.objects.get(pk=line_id)
    ids = sorted({line.item_id} | ({other_id} if other_id else set()))
    with circulation_locks.lock_timeout():
        items = {i.pk: i for i in circulation_locks.items_lock(item_ids=ids)}
        parcels = {p.pk: p for p in locks.parcels_lock(parcel_ids=parcel_ids)}
    line.refresh_from_db()
    parcel = parcels[line.parcel_id]
    line.parcel = parcel
    if line.status != LineStatus.ORDERED or parcel.status not in (
        ParcelStatus.PLACED,
        ParcelStatus.PICKING,
    ):
        raise ParcelStepError(
            ParcelStepError.default_message
            % {
                "status": parcel.get_status_display(),
                "step": pgettext("悦借步骤", "登记架上未找到"),
            }
        )
    item_status_set(item=items[line.item_id], status=ItemStatus.MISSING)
    other = items.get(other_id) if other_id else None
    moved_to = None
    target = None
    if other is not None and other.status == ItemStatus.AVAILABLE:
        target = next((p for p in parcels.values() if p.library_id == other.location_id), None)
        if target is not None and target.status not in (ParcelStatus.PLACED, ParcelStatus.PICKING):
            target = None
        if target is None and not any(p.library_id == other.location_id for p in parcels.values()):
            now = clock.now()
            target = Parcel.objects.create(
                order=parcel.order, library_id=other.location_id, status_at=now,
                pickup_point=parcel.pickup_point,
            )  # fmt: skip
            ParcelStep.objects.create(parcel=target, status=ParcelStatus.PLACED, at=now)
    if target is not None:
        moved_to = DeliveryLine.objects.create(parcel=target, item=other, record_id=other.record_id)
        item_status_set(item=other, status=ItemStatus.ORDERED)
        line.status = LineStatus.MOVED
        line.reason = StepNote.MOVED
    else:
        line.status = LineStatus.CANCELLED
        line.reason = StepNote.NOT_FOUND
    line.save(update_fields=["status", "reason"])
    if not DeliveryLine.objects.filter(
        parcel=parcel, status__in=(LineStatus.ORDERED, LineStatus.PICKED)
    ).exists():
        parcel.reason = line.reason
        parcel_step(
            parcel, ParcelStatus.CANCELLED, step=pgettext("悦借步骤", "取消"), note=line.reason
        )
        if moved_to is None and all(p.status == ParcelStatus.CANCELLED for p in parcels.values()):
            _fee_refund(order=parcel.order, note=_("订单图书均未找到，退还配送费"))
    return MissingResult(line=line, moved_to=moved_to)


@transaction.atomic
def delivery_fees_settle(*, actor, library_id: int, reader_id: int) -> Decimal:
    """The cashier at a library's desk takes what the reader's delivery-fee ledger
    shows (or waives it): every unsettled entry is settled now. Returns the amount."""
    ensure_desk(actor, library_id=library_id)
    with circulation_locks.lock_timeout():
        reader = circulation_locks.reader_lock(reader_id=reader_id)
    if reader is None:
        raise DeliveryNotFoundError()
    entries = DeliveryFeeEntry.objects.filter(reader=reader, settled_at__isnull=True)
    total = sum(entries.values_list("amount", flat=True), Decimal("0.00"))
    entries.update(settled_at=clock.now())
    return total
