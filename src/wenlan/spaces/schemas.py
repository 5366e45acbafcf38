import datetime as dt

from ninja import Schema


class ResourceOut(Schema):
    slug: str
    name: str
    kind: str
    library: str
    slot_minutes: int
    max_hours_per_week: int
    booking_days_ahead: int
    induction_event_id: int | None


class SlotOut(Schema):
    starts_at: dt.datetime
    state: str
    booking_id: int | None


class BookingIn(Schema):
    starts_at: dt.datetime


class BookingOut(Schema):
    id: int
    resource: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
