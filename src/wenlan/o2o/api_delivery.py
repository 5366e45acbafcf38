"""悦借 over the API: a reader orders copies on a shelf for delivery, follows and
cancels their orders; a library's staff (scope `o2o.delivery`) see their queue and
pick, pack, dispatch and deliver parcels; a courier integration posts statuses by
tracking number. Refusals are problem+json with a `code`."""

from ninja import Router, Status

from wenlan.core.ids import RowId
from wenlan.network.selectors import library_by_code
from wenlan.o2o.errors import DeliveryNotFoundError
from wenlan.o2o.models import DeliveryOrder, Parcel
from wenlan.o2o.schemas_delivery import (
    BarcodeIn,
    CompartmentIn,
    CourierStatusIn,
    CourierStatusOut,
    DeliveryOrderOut,
    DeliveryOrderPlaceIn,
    ParcelOut,
    ParcelPackIn,
    ParcelSummaryOut,
    PickupCodeIn,
    ReasonIn,
)
from wenlan.o2o.selectors import delivery as selectors
from wenlan.o2o.services.delivery import (
    OrderAsk,
    delivery_line_missing,
    delivery_line_pick,
    delivery_order_cancel,
    delivery_order_place,
)
from wenlan.o2o.services.delivery_couriers import parcel_courier_status
from wenlan.o2o.services.delivery_parcels import (
    parcel_deliver,
    parcel_dispatch,
    parcel_fail,
    parcel_locker_collect,
    parcel_locker_store,
    parcel_pack,
    parcel_return_receive,
    parcel_return_request,
    parcel_return_uncollected,
)

router = Router(tags=["o2o"])


def parcel_out(parcel: Parcel, *, for_reader: bool) -> dict:
    return {
        "id": parcel.pk,
        "order_id": parcel.order_id,
        "library": parcel.library.code,
        "status": parcel.status,
        "courier": parcel.courier,
        "tracking_number": parcel.tracking_number,
        "pickup_point": parcel.pickup_point.library.code if parcel.pickup_point else None,
        "compartment": parcel.compartment,
        "pickup_code": parcel.pickup_code if for_reader and parcel.status == "at_locker" else "",
        "collect_by": parcel.collect_by,
        "reason": parcel.reason,
        "lines": [
            {
                "id": line.pk,
                "record_id": line.record_id,
                "title": line.record.title,
                "barcode": line.item.barcode,
                "status": line.status,
                "reason": line.reason,
                "loan_id": line.loan_id,
                "due_on": line.loan.due_on if line.loan else None,
            }
            for line in parcel.lines.all()
        ],
        "steps": [
            {"status": step.status, "at": step.at, "note": step.note} for step in parcel.steps.all()
        ],
    }


def order_out(order: DeliveryOrder) -> dict:
    return {
        "id": order.pk,
        "placed_at": order.placed_at,
        "destination": order.destination,
        "fee": order.fee,
        "parcels": [parcel_out(p, for_reader=True) for p in order.parcels.all()],
    }


@router.post(
    "/deliveries", response={201: DeliveryOrderOut}, summary="悦借: order copies for delivery"
)
def delivery_order_place_endpoint(request, payload: DeliveryOrderPlaceIn):
    """Refusals: `delivery_empty`, `delivery_too_many`, `delivery_address`,
    `copy_not_on_shelf`, `copy_taken`, `reader_blocked`, `loan_limit`."""
    order = delivery_order_place(
        actor=request.auth,
        ask=OrderAsk(
            item_ids=tuple(payload.item_ids),
            destination=payload.destination,
            zone_id=payload.zone_id,
            address=payload.address,
            phone=payload.phone,
            pickup_point_id=payload.pickup_point_id,
        ),
    )
    return Status(201, order_out(selectors.delivery_order_get_own(actor=request.auth,
                                                                  order_id=order.pk)))  # fmt: skip


@router.get("/me/deliveries", response=list[DeliveryOrderOut], summary="悦借: the reader's orders")
def delivery_order_list_endpoint(request):
    return [order_out(order) for order in selectors.delivery_order_list_own(actor=request.auth)]


@router.get(
    "/me/deliveries/{order_id}",
    response=DeliveryOrderOut,
    summary="悦借: one of the reader's orders",
)
def delivery_order_get_endpoint(request, order_id: RowId):
    return order_out(selectors.delivery_order_get_own(actor=request.auth, order_id=order_id))


@router.post(
    "/me/deliveries/{order_id}/cancel",
    response=DeliveryOrderOut,
    summary="悦借: cancel an order before dispatch",
)
def delivery_order_cancel_endpoint(request, order_id: RowId):
    delivery_order_cancel(actor=request.auth, order_id=order_id)
    return order_out(selectors.delivery_order_get_own(actor=request.auth, order_id=order_id))


@router.post(
    "/me/parcels/{parcel_id}/return",
    response=DeliveryOrderOut,
    summary="悦借: book a courier pickup to return a delivered parcel",
)
def parcel_return_request_endpoint(request, parcel_id: RowId):
    parcel = parcel_return_request(actor=request.auth, parcel_id=parcel_id)
    return order_out(selectors.delivery_order_get_own(actor=request.auth, order_id=parcel.order_id))


@router.get("/parcels", response=list[ParcelSummaryOut], summary="悦借: a library's parcel queue")
def parcel_queue_endpoint(request, library: str):
    """Open parcels of the library (by code), oldest step first, late and not moving marked."""
    found = library_by_code(code=library.strip())
    if found is None:
        raise DeliveryNotFoundError()
    queue = selectors.delivery_queue(actor=request.auth, library=found)
    return [
        {
            "id": e.parcel.pk,
            "order_id": e.parcel.order_id,
            "status": e.parcel.status,
            "status_at": e.parcel.status_at,
            "copies": e.copies,
            "late": e.late,
            "not_moving": e.not_moving,
        }
        for entries in queue.by_status.values()
        for e in entries
    ]


def _staff_parcel(request, parcel_id: int) -> dict:
    return parcel_out(
        selectors.parcel_get(actor=request.auth, parcel_id=parcel_id), for_reader=False
    )


@router.post("/parcels/{parcel_id}/pick", response=ParcelOut, summary="悦借: scan a copy as picked")
def parcel_pick_endpoint(request, parcel_id: RowId, payload: BarcodeIn):
    delivery_line_pick(actor=request.auth, parcel_id=parcel_id, barcode=payload.barcode)
    return _staff_parcel(request, parcel_id)


@router.post("/parcels/{parcel_id}/pack", response=ParcelOut, summary="悦借: pack a parcel")
def parcel_pack_endpoint(request, parcel_id: RowId, payload: ParcelPackIn):
    parcel_pack(actor=request.auth, parcel_id=parcel_id, courier=payload.courier,
                tracking_number=payload.tracking_number)  # fmt: skip
    return _staff_parcel(request, parcel_id)


@router.post("/parcels/{parcel_id}/dispatch", response=ParcelOut, summary="悦借: dispatch")
def parcel_dispatch_endpoint(request, parcel_id: RowId):
    parcel_dispatch(actor=request.auth, parcel_id=parcel_id)
    return _staff_parcel(request, parcel_id)


@router.post(
    "/parcels/{parcel_id}/deliver", response=ParcelOut, summary="悦借: delivered; the loans start"
)
def parcel_deliver_endpoint(request, parcel_id: RowId):
    parcel_deliver(actor=request.auth, parcel_id=parcel_id)
    return _staff_parcel(request, parcel_id)


@router.post(
    "/courier-statuses", response=CourierStatusOut, summary="悦借: a courier's status of a parcel"
)
def courier_status_endpoint(request, payload: CourierStatusIn):
    """Unknown tracking numbers are `tracking_number_unknown` (404)."""
    outcome = parcel_courier_status(
        actor=request.auth, tracking_number=payload.tracking_number, status=payload.status,
        at=payload.time,
    )  # fmt: skip
    return {
        "tracking_number": payload.tracking_number,
        "status": outcome.status,
        "changed": outcome.changed,
    }


@router.post(
    "/parcel-lines/{line_id}/missing",
    response=ParcelOut,
    summary="悦借: a copy not on the shelf (offered to another library, or cancelled)",
)
def line_missing_endpoint(request, line_id: RowId):
    result = delivery_line_missing(actor=request.auth, line_id=line_id)
    return _staff_parcel(request, result.line.parcel_id)


@router.post(
    "/parcels/{parcel_id}/locker", response=ParcelOut, summary="悦借: put into a locker compartment"
)
def parcel_locker_endpoint(request, parcel_id: RowId, payload: CompartmentIn):
    parcel_locker_store(actor=request.auth, parcel_id=parcel_id, compartment=payload.compartment)
    return _staff_parcel(request, parcel_id)


@router.post(
    "/locker-collections", response=ParcelOut, summary="悦借: a pickup code opens the compartment"
)
def locker_collect_endpoint(request, payload: PickupCodeIn):
    parcel = parcel_locker_collect(
        actor=request.auth, pickup_point_id=payload.pickup_point_id, code=payload.code
    )
    return _staff_parcel(request, parcel.pk)


@router.post("/parcels/{parcel_id}/fail", response=ParcelOut, summary="悦借: delivery failed")
def parcel_fail_endpoint(request, parcel_id: RowId, payload: ReasonIn):
    parcel_fail(actor=request.auth, parcel_id=parcel_id, reason=payload.reason)
    return _staff_parcel(request, parcel_id)


@router.post(
    "/parcels/{parcel_id}/uncollected",
    response=ParcelOut,
    summary="悦借: not collected by its deadline, sent back",
)
def parcel_uncollected_endpoint(request, parcel_id: RowId):
    parcel_return_uncollected(actor=request.auth, parcel_id=parcel_id)
    return _staff_parcel(request, parcel_id)


@router.post(
    "/parcels/{parcel_id}/return-received",
    response=ParcelOut,
    summary="悦借: the courier brought the copies back; the loans end",
)
def parcel_return_receive_endpoint(request, parcel_id: RowId):
    parcel_return_receive(actor=request.auth, parcel_id=parcel_id)
    return _staff_parcel(request, parcel_id)
