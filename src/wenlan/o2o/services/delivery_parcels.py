"""悦借 parcels after picking: packed with a courier and a tracking number,
dispatched, delivered (the loans start, due under the sending library's rule),
stored in a locker compartment with a pickup code and collected, failed or not
collected (the copies go back on the shelf), and returned by courier pickup.

Each step locks the parcel's copies and the reader (circulation's order), then the
parcel, and reads the parcel's status after the lock."""

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wenlan.circulation import locks as circulation_locks
from wenlan.circulation.enums import LoanChannel
from wenlan.circulation.services.deliveries import loan_checkout_delivered
from wenlan.circulation.services.loans import CheckinResult, loan_checkin_authorised
from wenlan.core import clock
from wenlan.core.errors import ValidationError
from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import in_every_language
from wenlan.notices.services import notice_create
from wenlan.o2o import locks
from wenlan.o2o.enums import LINE_KEPT, LineStatus, ParcelStatus, StepNote, note_display
from wenlan.o2o.errors import (
    CollectDeadlineError,
    CompartmentError,
    DeliveryNotFoundError,
    ParcelNotReadyError,
    ParcelStepError,
    PickupCodeError,
    TrackingNumberTakenError,
)
from wenlan.o2o.models import DeliveryLine, Parcel, PickupPoint
from wenlan.o2o.permissions import can_delivery, ensure_delivery, ensure_delivery_anywhere
from wenlan.o2o.policies import collect_deadline
from wenlan.o2o.selectors.delivery import parcel_at_locker, reader_for_order
from wenlan.o2o.services.delivery import copies_release, parcel_step


def _parcel_for(actor, parcel_id: int, *, at_pickup_point: bool = False) -> Parcel:
    """The parcel (unlocked), once `actor` may work it: its sending library's staff,
    or, for what happens at a pickup point, that point's staff."""
    ensure_delivery_anywhere(actor)
    parcel = Parcel.objects.select_related("pickup_point").filter(pk=parcel_id).first()
    if parcel is None:
        raise DeliveryNotFoundError()
    if (
        at_pickup_point
        and parcel.pickup_point is not None
        and can_delivery(actor, library_id=parcel.pickup_point.library_id)
    ):
        return parcel
    ensure_delivery(actor, library_id=parcel.library_id)
    return parcel


def _locked(parcel_id: int, *, line_statuses=LINE_KEPT, reader: bool = False):
    """Locks the parcel's copies (of lines in `line_statuses`), the reader if asked,
    then the parcel; returns the parcel, its lines and the locked copies by id."""
    item_ids = list(
        DeliveryLine.objects.filter(parcel_id=parcel_id, status__in=line_statuses).values_list(
            "item_id", flat=True
        )
    )
    order_reader = Parcel.objects.filter(pk=parcel_id).values_list("order__reader_id", flat=True)[0]
    with circulation_locks.lock_timeout():
        items = {i.pk: i for i in circulation_locks.items_lock(item_ids=sorted(item_ids))}
        locked_reader = circulation_locks.reader_lock(reader_id=order_reader) if reader else None
        (parcel,) = locks.parcels_lock(parcel_ids=[parcel_id])
    lines = list(DeliveryLine.objects.filter(parcel=parcel, status__in=line_statuses))
    for line in lines:
        line.parcel = parcel
    return parcel, lines, items, locked_reader


def parcel_pack(*, actor, parcel_id: int, courier: str, tracking_number: str) -> Parcel:
    """Every copy picked (or found missing), packed, with the courier and its tracking number."""
    _parcel_for(actor, parcel_id)
    courier, tracking_number = courier.strip(), tracking_number.strip()
    if not courier or not tracking_number:
        raise ValidationError(_("请填写快递公司和快递单号。"), field="tracking_number")
    try:
        return _pack(parcel_id=parcel_id, courier=courier, tracking_number=tracking_number)
    except IntegrityError as error:
        raise TrackingNumberTakenError(
            TrackingNumberTakenError.default_message % {"number": tracking_number}
        ) from error


@transaction.atomic(durable=True)
def _pack(*, parcel_id: int, courier: str, tracking_number: str) -> Parcel:
    parcel, lines, _items, _reader = _locked(parcel_id)
    waiting = sum(1 for line in lines if line.status == LineStatus.ORDERED)
    if parcel.status == ParcelStatus.PICKING and waiting:
        raise ParcelNotReadyError(ParcelNotReadyError.default_message % {"count": waiting})
    parcel.courier, parcel.tracking_number = courier[:40], tracking_number[:40]
    parcel.save(update_fields=["courier", "tracking_number"])
    parcel_step(
        parcel,
        ParcelStatus.PACKED,
        step=pgettext("悦借步骤", "打包"),
        note=f"{courier} {tracking_number}",
    )
    return parcel


@transaction.atomic(durable=True)
def parcel_dispatch(*, actor, parcel_id: int) -> Parcel:
    """Handed to the courier: from now on the reader can no longer cancel."""
    _parcel_for(actor, parcel_id)
    (parcel,) = locks.parcels_lock(parcel_ids=[parcel_id])
    parcel_step(parcel, ParcelStatus.DISPATCHED, step=pgettext("悦借步骤", "发货"))
    return parcel


def parcel_deliver(*, actor, parcel_id: int, note: str = "") -> Parcel:
    """Handed to the reader (at home or at a staffed pickup point): each copy's loan
    starts now, due under the rule of the library that sent it."""
    _parcel_for(actor, parcel_id, at_pickup_point=True)
    return parcel_deliver_authorised(parcel_id=parcel_id, note=note)


@transaction.atomic(durable=True)
def parcel_deliver_authorised(*, parcel_id: int, note: str) -> Parcel:
    """The delivery, for a caller that has authorised its actor (a courier's event)."""
    parcel, lines, items, reader = _locked(parcel_id, reader=True)
    if parcel.pickup_point and parcel.pickup_point.is_locker:
        raise ParcelStepError(
            ParcelStepError.default_message
            % {
                "status": parcel.get_status_display(),
                "step": pgettext("悦借步骤", "直接送达（请存入取书柜）"),
            }
        )
    parcel_step(parcel, ParcelStatus.DELIVERED, step=pgettext("悦借步骤", "送达"), note=note)
    _lend(parcel, lines, items, reader)
    return parcel


def _lend(parcel: Parcel, lines: list[DeliveryLine], items: dict, reader) -> None:
    today = clock.today()
    for line in lines:
        if line.status != LineStatus.PICKED:
            continue
        line.loan = loan_checkout_delivered(
            reader=reader, item=items[line.item_id], library_id=parcel.library_id,
            channel=LoanChannel.DELIVERY, today=today,
        )  # fmt: skip
        line.status = LineStatus.LENT
        line.save(update_fields=["loan", "status"])


def parcel_locker_store(*, actor, parcel_id: int, compartment: int) -> Parcel:
    """The courier put the parcel into a compartment of a locker: the reader gets a
    pickup code, to use before the pickup point's hold days are over."""
    parcel = _parcel_for(actor, parcel_id, at_pickup_point=True)
    point = parcel.pickup_point
    if point is None or not point.is_locker or not 1 <= compartment <= point.compartments:
        raise CompartmentError(CompartmentError.default_message % {"number": compartment})
    try:
        return _locker_store(parcel_id=parcel_id, compartment=compartment)
    except IntegrityError as error:  # one parcel per compartment
        raise CompartmentError(
            CompartmentError.default_message % {"number": compartment}
        ) from error


@transaction.atomic(durable=True)
def _locker_store(*, parcel_id: int, compartment: int) -> Parcel:
    (parcel,) = locks.parcels_lock(parcel_ids=[parcel_id])
    now = clock.now()
    parcel.compartment = compartment
    parcel.pickup_code = f"{secrets.randbelow(10**6):06d}"
    parcel.collect_by = collect_deadline(stored_at=now, hold_days=parcel.pickup_point.hold_days)
    parcel.save(update_fields=["compartment", "pickup_code", "collect_by"])
    parcel_step(parcel, ParcelStatus.AT_LOCKER, step=pgettext("悦借步骤", "存入取书柜"))
    notice_create(
        reader_id=parcel.order.reader_id,
        kind=NoticeKind.DELIVERY_AT_LOCKER,
        key=f"parcel:{parcel.pk}:{parcel.pickup_code}",
        params={
            "library": in_every_language(lambda: parcel.pickup_point.library.name),
            "compartment": compartment,
            "code": parcel.pickup_code,
            "until": _local(parcel.collect_by),
        },
        link=reverse("o2o:my_delivery", args=[parcel.order_id]),
    )
    return parcel


def parcel_locker_collect(*, actor, pickup_point_id: int, code: str) -> Parcel:
    """The reader's pickup code opens the compartment: the loans start."""
    ensure_delivery_anywhere(actor)
    ensure_delivery(actor, library_id=_point_library(pickup_point_id))
    found = parcel_at_locker(pickup_point_id=pickup_point_id, code=code.strip())
    if found is None:
        raise PickupCodeError(field="code")
    return _collect(parcel_id=found.pk, code=code.strip())


def _point_library(pickup_point_id: int) -> int:
    point = PickupPoint.objects.filter(pk=pickup_point_id).first()
    if point is None:
        raise DeliveryNotFoundError()
    return point.library_id


@transaction.atomic(durable=True)
def _collect(*, parcel_id: int, code: str) -> Parcel:
    parcel, lines, items, reader = _locked(parcel_id, reader=True)
    if parcel.status != ParcelStatus.AT_LOCKER or parcel.pickup_code != code:
        raise PickupCodeError(field="code")
    if clock.now() > parcel.collect_by:
        raise CollectDeadlineError(
            CollectDeadlineError.default_message % {"deadline": _local(parcel.collect_by)}
        )
    parcel_step(
        parcel, ParcelStatus.DELIVERED, step=pgettext("悦借步骤", "取件"), note=StepNote.PICKUP_CODE
    )
    _lend(parcel, lines, items, reader)
    return parcel


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


@transaction.atomic(durable=True)
def parcel_fail(*, actor, parcel_id: int, reason: str) -> Parcel:
    """The courier could not deliver and brings the parcel back: its copies go back
    on the sending library's shelf, the reason is shown to the reader."""
    _parcel_for(actor, parcel_id)
    return _back(
        parcel_id,
        ParcelStatus.FAILED,
        reason.strip() or StepNote.DELIVERY_FAILED,
        step=pgettext("悦借步骤", "登记投递失败"),
    )


@transaction.atomic(durable=True)
def parcel_return_uncollected(*, actor, parcel_id: int) -> Parcel:
    """Not collected from the locker by its deadline: taken out and sent back."""
    _parcel_for(actor, parcel_id, at_pickup_point=True)
    parcel = Parcel.objects.get(pk=parcel_id)
    if parcel.collect_by is not None and clock.now() <= parcel.collect_by:
        raise CollectDeadlineError(
            CollectDeadlineError.default_message % {"deadline": _local(parcel.collect_by)}
        )
    return _back(
        parcel_id,
        ParcelStatus.UNCOLLECTED,
        _("逾期未取，已退回"),
        step=pgettext("悦借步骤", "退回"),
    )


def _back(parcel_id: int, status: str, note: str, *, step: str) -> Parcel:
    parcel, lines, items, _reader = _locked(parcel_id)
    parcel.reason = note[:200]
    parcel_step(parcel, status, step=step, note=note)
    copies_release(lines=lines, items=items, status=LineStatus.RETURNED)
    notice_create(
        reader_id=parcel.order.reader_id,
        kind=NoticeKind.DELIVERY_RETURNED,
        key=f"parcel:{parcel.pk}:{status}",
        params={
            "order": parcel.order_id,
            "library": in_every_language(lambda: parcel.library.name),
            "reason": in_every_language(lambda: note_display(note)),
        },
        link=reverse("o2o:my_delivery", args=[parcel.order_id]),
    )
    return parcel


@transaction.atomic(durable=True)
def parcel_return_request(*, actor, parcel_id: int) -> Parcel:
    """The reader asks for a courier to take the delivered copies back."""
    reader = reader_for_order(actor=actor)
    parcel = Parcel.objects.filter(pk=parcel_id, order__reader=reader).first() if reader else None
    if parcel is None:
        raise DeliveryNotFoundError()
    (parcel,) = locks.parcels_lock(parcel_ids=[parcel_id])
    parcel_step(parcel, ParcelStatus.RETURN_REQUESTED, step=pgettext("悦借步骤", "预约快递还书"))
    return parcel


@dataclass
class CourierReturn:
    parcel: Parcel
    checkins: list[CheckinResult]


def parcel_return_receive(*, actor, parcel_id: int) -> CourierReturn:
    """The courier brought the copies back to the sending library: each loan still
    open ends there (circulation's return and routing); copies the reader already
    returned at any library are left as they are."""
    _parcel_for(actor, parcel_id)
    _return_receivable(parcel_id)
    barcodes = list(
        DeliveryLine.objects.filter(
            parcel_id=parcel_id, status=LineStatus.LENT, loan__returned_at__isnull=True
        ).values_list("item__barcode", flat=True)
    )
    library_id = Parcel.objects.values_list("library_id", flat=True).get(pk=parcel_id)
    checkins = [
        loan_checkin_authorised(
            library_id=library_id, barcode=barcode, channel=LoanChannel.DELIVERY
        )
        for barcode in barcodes
    ]
    return CourierReturn(parcel=_return_mark(parcel_id), checkins=checkins)


@transaction.atomic(durable=True)
def _return_receivable(parcel_id: int) -> None:
    (parcel,) = locks.parcels_lock(parcel_ids=[parcel_id])
    if parcel.status != ParcelStatus.RETURN_REQUESTED:
        raise ParcelStepError(
            ParcelStepError.default_message
            % {"status": parcel.get_status_display(), "step": pgettext("悦借步骤", "登记快递还回")}
        )


@transaction.atomic(durable=True)
def _return_mark(parcel_id: int) -> Parcel:
    (parcel,) = locks.parcels_lock(parcel_ids=[parcel_id])
    parcel_step(parcel, ParcelStatus.RETURNED, step=pgettext("悦借步骤", "登记快递还回"))
    DeliveryLine.objects.filter(parcel=parcel, status=LineStatus.LENT).update(
        status=LineStatus.RETURNED
    )
    return parcel
