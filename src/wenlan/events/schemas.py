import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from wenlan.core.ids import RowId
from wenlan.events.enums import EventCategory


class OccurrenceIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = Field(0, ge=0, le=100000)


class VenueIn(Schema):
    name_zh: str = Field(..., min_length=1, max_length=200)
    name_en: str = ""
    library: str | None = Field(None, description="library code, for a room in a library")
    address_zh: str = ""
    address_en: str = ""
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


class EventPutIn(Schema):
    """An event as its organiser describes it, keyed by the organiser's own UID."""

    organiser: str = Field(..., description="code of the partner or library organising it")
    title_zh: str = Field(..., min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    description_zh: str = ""
    description_en: str = ""
    category: EventCategory = EventCategory.OTHER
    venue: VenueIn | None = None
    image_url: str = ""
    price: Decimal = Field(Decimal(0), ge=0, max_digits=8, decimal_places=2)
    occurrences: list[OccurrenceIn] = Field(..., min_length=1, max_length=200)
    channels: list[str] = Field(default_factory=list, description="channel slugs")
    sequence: int = 0
    cancelled: bool = False


class EventCreateIn(Schema):
    organiser: str
    title_zh: str = Field(..., min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    description_zh: str = ""
    description_en: str = ""
    category: EventCategory = EventCategory.OTHER
    venue: VenueIn | None = None
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    image_url: str = ""
    registration_required: bool = True
    registration_opens_at: dt.datetime | None = None
    registration_closes_at: dt.datetime | None = None
    max_occurrences_per_reader: int = Field(1, ge=1, le=100)
    needs_id: bool = False
    price: Decimal = Field(Decimal(0), ge=0, max_digits=8, decimal_places=2)
    occurrences: list[OccurrenceIn] = Field(default_factory=list, max_length=200)
    recurrence: str | None = Field(
        None,
        max_length=200,
        description="RRULE (e.g. FREQ=WEEKLY;COUNT=8) repeating the first occurrence",
    )
    channels: list[str] = Field(default_factory=list)


class OccurrenceOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    confirmed_count: int
    waitlist_count: int
    seats_left: int
    is_cancelled: bool


class EventOut(Schema):
    id: int
    uid: str
    external_uid: str
    status: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    category: str
    organiser: str
    venue: str | None
    library: str | None
    latitude: float | None
    longitude: float | None
    age_min: int | None
    age_max: int | None
    price: Decimal
    registration_required: bool
    needs_id: bool
    channels: list[str]
    occurrences: list[OccurrenceOut]
    url: str


class CalendarEntryOut(Schema):
    event_id: int
    occurrence_id: int
    title: str
    category: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str | None
    organiser: str
    is_free: bool
    seats_left: int | None
    distance_km: float | None


class RegistrationOut(Schema):
    id: int
    occurrence_id: int
    event_id: int
    event_title: str
    starts_at: dt.datetime
    status: str
    ticket_code: str
    waitlist_position: int | None
    created: bool | None = None


class CheckInIn(Schema):
    code: str = Field(
        ...,
        min_length=1,
        max_length=100,
        description="A ticket's code; with `occurrence_id`, also a reader's e-card or card number",
    )
    occurrence_id: RowId | None = Field(
        None, description="The occurrence whose door this is: its tickets only, and readers' cards"
    )


class CancelIn(Schema):
    reason: str = Field("", max_length=300)


class FeedOutcomeOut(Schema):
    action: str
    event: EventOut | None


class ClubOut(Schema):
    slug: str
    name: str
    library: str
    member_count: int
    description: str
