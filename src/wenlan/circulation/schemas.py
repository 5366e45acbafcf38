import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class LoanCheckoutIn(Schema):
    library_id: int
    card_number: str = Field(description="The reader's card number, or their e-card's content")
    barcode: str


class LoanCheckinIn(Schema):
    library_id: int
    barcode: str


class LoanRenewIn(Schema):
    library_id: int | None = None


class HoldPlaceIn(Schema):
    record_id: int
    pickup_library_id: int


class LoanOut(Schema):
    id: int
    barcode: str
    record_id: int
    title: str
    library: str
    loaned_at: dt.datetime
    due_on: dt.date
    renewals: int
    overdue: bool


class TransitOut(Schema):
    id: int
    barcode: str
    title: str
    from_library: str
    to_library: str
    reason: str
    sent_at: dt.datetime
    for_reader: str | None = None


class CheckinOut(Schema):
    barcode: str
    title: str
    outcome: str
    message: str
    changed: bool
    days_late: int
    fine: Decimal
    suspended_until: dt.date | None = None
    transit: TransitOut | None = None


class HoldOut(Schema):
    id: int
    record_id: int
    title: str
    pickup_library: str
    status: str
    position: int | None = None
    placed_at: dt.datetime
    expires_on: dt.date | None = None


class BlockOut(Schema):
    kind: str
    message: str
    until: dt.date | None = None


class ReaderCirculationOut(Schema):
    card_number: str
    name: str
    loans: list[LoanOut]
    holds: list[HoldOut]
    blocks: list[BlockOut]
    fines_owed: Decimal
