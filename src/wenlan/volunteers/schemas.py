import datetime as dt

from ninja import Schema


class ShiftOut(Schema):
    id: int
    project: str
    library: str
    district: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    places_left: int
    event_occurrence_id: int | None


class ShiftSignupOut(Schema):
    id: int
    shift_id: int
    status: str
    created_at: dt.datetime
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    hours_status: str
    approved_minutes: int | None


class VolunteerHoursOut(Schema):
    approved_minutes: int
    stars: int
    hours_to_next_star: int | None


class HoursCertificateCheckOut(Schema):
    genuine: bool
    hours: str | None
    issued_on: dt.date | None
    holder: str
