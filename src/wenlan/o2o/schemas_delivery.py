"""悦借 API shapes: an order asked for and answered, with its parcels, copies and
steps; a staff step on a parcel; a courier's status."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class DeliveryOrderPlaceIn(Schema):
    item_ids: list[int] = Field(..., description="Copies on a shelf (catalog item ids)")
    destination: str = Field(..., description="`home` or `pickup_point`")
    zone_id: int | None = Field(None, description="For `home`: a delivery zone")
    address: str = Field("", max_length=200, description="For `home`")
    phone: str = Field("", max_length=20, description="For `home`")
    pickup_point_id: int | None = Field(None, description="For `pickup_point`")


class ParcelStepOut(Schema):
    status: str
    at: dt.datetime
    note: str


class DeliveryLineOut(Schema):
    id: int
    record_id: int
    title: str
    barcode: str
    status: str
    reason: str
    loan_id: int | None
    due_on: dt.date | None


class ParcelOut(Schema):
    id: int
    order_id: int
    library: str = Field(..., description="The sending library's code")
    status: str
    courier: str
    tracking_number: str
    pickup_point: str | None = Field(None, description="The pickup point's library code")
    compartment: int | None
    pickup_code: str = Field("", description="Shown to the reader once at a locker")
    collect_by: dt.datetime | None
    reason: str
    lines: list[DeliveryLineOut]
    steps: list[ParcelStepOut]


class DeliveryOrderOut(Schema):
    id: int
    placed_at: dt.datetime
    destination: str
    fee: Decimal
    parcels: list[ParcelOut]


class ParcelSummaryOut(Schema):
    id: int
    order_id: int
    status: str
    status_at: dt.datetime
    copies: int
    late: bool
    not_moving: bool


class BarcodeIn(Schema):
    barcode: str = Field(..., max_length=64)


class ParcelPackIn(Schema):
    courier: str = Field(..., max_length=40)
    tracking_number: str = Field(..., max_length=40)


class CourierStatusIn(Schema):
    tracking_number: str = Field(..., max_length=40)
    status: str = Field(..., description="picked_up, in_transit, delivered or failed")
    time: dt.datetime | None = None


class CourierStatusOut(Schema):
    tracking_number: str
    status: str = Field(..., description="The parcel's status after the event")
    changed: bool


class CompartmentIn(Schema):
    compartment: int = Field(..., ge=1, le=999)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=200)


class PickupCodeIn(Schema):
    pickup_point_id: int
    code: str = Field(..., max_length=8)
