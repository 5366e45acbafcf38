"""`/api/events/...`: the calendar for apps, sign-up for readers, and events sent
by partners with their API key (PUT by their own UID, so a retry is harmless)."""

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.core.ids import RowId
from wenlan.events.enums import EventSource
from wenlan.events.models import Event, Registration
from wenlan.events.schemas import (
    CalendarEntryOut,
    CancelIn,
    CheckInIn,
    ClubOut,
    EventCreateIn,
    EventOut,
    EventPutIn,
    FeedOutcomeOut,
    RegistrationOut,
    VenueIn,
)
from wenlan.events.selectors.community import club_list_alliance
from wenlan.events.selectors.events import (
    CalendarFilters,
    calendar_entries,
    channel_ids_by_slug,
    event_get_public,
    organiser_ids_get,
)
from wenlan.events.selectors.registrations import (
    attach_waitlist_positions,
    registration_list_own,
)
from wenlan.events.services import events as event_services
from wenlan.events.services import occurrences as occurrence_services
from wenlan.events.services import registrations as registration_services
from wenlan.events.services.events import FeedEvent, VenueSpec
from wenlan.events.services.occurrences import OccurrenceSpec
from wenlan.network.selectors import library_by_code

router = Router(tags=["events"])


class CalendarQuery(Schema):
    q: str = Field("", max_length=200)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    library: str = Field("", max_length=32)
    organiser: str = Field("", max_length=32)
    channel: str = Field("", max_length=64)
    category: str = Field("", max_length=32)
    age: int | None = Field(None, ge=0, le=120)
    free: bool = False
    has_seats: bool = False
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius_km: float = Field(5.0, ge=0.5, le=100)
    limit: int = Field(50, ge=1, le=200)


def _channels_of(event: Event) -> list:
    channels = getattr(event, "channel_list", None)  # event_get_public brings them
    return list(event.channels.all()) if channels is None else channels


def _event_out(request: HttpRequest, event: Event) -> dict:
    venue = event.venue
    occurrences = getattr(event, "occurrence_list", None)
    if occurrences is None:
        occurrences = list(event.occurrences.order_by("starts_at", "pk"))
    return {
        "id": event.pk,
        "uid": event.uid,
        "external_uid": event.external_uid,
        "status": event.status,
        "title_zh": event.title_zh,
        "title_en": event.title_en,
        "description_zh": event.description_zh,
        "description_en": event.description_en,
        "category": event.category,
        "organiser": event.organiser.code,
        "venue": venue.name_zh if venue else None,
        "library": venue.library.code if venue and venue.library_id else None,
        "latitude": float(venue.latitude) if venue and venue.latitude is not None else None,
        "longitude": float(venue.longitude) if venue and venue.longitude is not None else None,
        "age_min": event.age_min,
        "age_max": event.age_max,
        "price": event.price,
        "registration_required": event.registration_required,
        "needs_id": event.needs_id,
        "channels": [c.slug for c in _channels_of(event)],
        "occurrences": [
            {
                "id": s.pk,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "capacity": s.capacity,
                "confirmed_count": s.confirmed_count,
                "waitlist_count": s.waitlist_count,
                "seats_left": s.seats_left,
                "is_cancelled": s.is_cancelled,
            }
            for s in occurrences
        ],
        "url": request.build_absolute_uri(reverse("events:event_detail", args=[event.pk])),
    }


def _registration_out(registration: Registration, *, created: bool | None = None) -> dict:
    occurrence = registration.occurrence
    return {
        "id": registration.pk,
        "occurrence_id": occurrence.pk,
        "event_id": occurrence.event_id,
        "event_title": occurrence.event.title,
        "starts_at": occurrence.starts_at,
        "status": registration.status,
        "ticket_code": registration.ticket_code,
        "waitlist_position": getattr(registration, "waitlist_position", None),
        "created": created,
    }


def _organiser_ids(code: str) -> tuple[int | None, int | None]:
    try:
        organiser = organiser_ids_get(code=code)
    except NotFoundError as error:
        raise ValidationError(field="organiser") from error
    return organiser.library_id, organiser.partner_id


def _channel_ids(slugs: list[str]) -> list[int]:
    try:
        return channel_ids_by_slug(slugs=slugs)
    except NotFoundError as error:
        raise ValidationError(field="channels") from error


def _venue(venue: VenueIn | None) -> VenueSpec | None:
    if venue is None:
        return None
    library_id = None
    if venue.library:
        library = library_by_code(code=venue.library)
        if library is None:
            raise ValidationError(field="venue.library")
        library_id = library.pk
    return VenueSpec(
        name_zh=venue.name_zh,
        name_en=venue.name_en,
        library_id=library_id,
        address_zh=venue.address_zh,
        address_en=venue.address_en,
        latitude=venue.latitude,
        longitude=venue.longitude,
    )


@router.get(
    "/calendar",
    response=list[CalendarEntryOut],
    auth=None,
    summary="Upcoming occurrences, filtered; with lat/lon, nearest first within radius_km",
)
def calendar(request, filters: Query[CalendarQuery]):
    near = None
    if filters.lat is not None and filters.lon is not None:
        near = (filters.lat, filters.lon)
    entries = calendar_entries(
        CalendarFilters(
            date_from=filters.date_from,
            date_to=filters.date_to,
            library_code=filters.library,
            organiser_code=filters.organiser,
            channel_slug=filters.channel,
            category=filters.category,
            age=filters.age,
            free_only=filters.free,
            has_seats=filters.has_seats,
            query=filters.q,
            near=near,
            radius_km=filters.radius_km,
        ),
        limit=filters.limit,
    )
    return [
        {
            "event_id": e.occurrence.event_id,
            "occurrence_id": e.occurrence.pk,
            "title": e.occurrence.event.title,
            "category": e.occurrence.event.category,
            "starts_at": e.occurrence.starts_at,
            "ends_at": e.occurrence.ends_at,
            "venue": e.occurrence.event.venue.name if e.occurrence.event.venue else None,
            "organiser": e.occurrence.event.organiser.code,
            "is_free": e.occurrence.event.is_free,
            "seats_left": e.occurrence.seats_left
            if e.occurrence.event.registration_required and e.occurrence.capacity
            else None,
            "distance_km": e.distance_km,
        }
        for e in entries
    ]


@router.get("/events/{event_id}", response=EventOut, auth=None, summary="One event")
def event_detail(request, event_id: RowId):
    actor = request.user if request.user.is_authenticated else None
    return _event_out(request, event_get_public(event_id=event_id, actor=actor))


@router.post("/events", response={201: EventOut}, summary="Create an event (a draft)")
def event_create(request, payload: EventCreateIn):
    library_id, partner_id = _organiser_ids(payload.organiser)
    values = payload.model_dump(
        exclude={"organiser", "venue", "occurrences", "channels", "recurrence"}
    )
    occurrences = [OccurrenceSpec(s.starts_at, s.ends_at, s.capacity) for s in payload.occurrences]
    if payload.recurrence:
        if len(occurrences) != 1:
            raise ValidationError(field="recurrence")
        try:
            occurrences = occurrence_services.occurrences_repeated(
                occurrences[0], rule=payload.recurrence
            )
        except ValueError as error:
            raise ValidationError(field="recurrence") from error
    event = event_services.event_create(
        actor=request.auth,
        organiser_library_id=library_id,
        organiser_partner_id=partner_id,
        venue=_venue(payload.venue),
        occurrences=occurrences,
        channel_ids=_channel_ids(payload.channels),
        source=EventSource.API,
        **values,
    )
    return Status(201, _event_out(request, event))


@router.put(
    "/partner-events/{external_uid}",
    response=FeedOutcomeOut,
    summary="Create, update or cancel an organiser's event by its own UID",
)
def partner_event_put(request, external_uid: str, payload: EventPutIn):
    """New events wait for approval unless the partner is trusted; a lower
    `sequence` than the last one seen changes nothing."""
    library_id, partner_id = _organiser_ids(payload.organiser)
    item = FeedEvent(
        external_uid=external_uid,
        title_zh=payload.title_zh,
        title_en=payload.title_en,
        description_zh=payload.description_zh,
        description_en=payload.description_en,
        category=payload.category,
        venue=_venue(payload.venue),
        image_url=payload.image_url,
        price=payload.price,
        registration_required=any(s.capacity for s in payload.occurrences),
        occurrences=tuple(
            OccurrenceSpec(s.starts_at, s.ends_at, s.capacity) for s in payload.occurrences
        ),
        sequence=payload.sequence,
        cancelled=payload.cancelled,
        channel_ids=tuple(_channel_ids(payload.channels)),
    )
    outcome = event_services.event_upsert_from_feed(
        actor=request.auth,
        item=item,
        source=EventSource.API,
        organiser_library_id=library_id,
        organiser_partner_id=partner_id,
    )
    return {
        "action": outcome.action,
        "event": _event_out(request, outcome.event) if outcome.event else None,
    }


@router.post("/events/{event_id}/submit", response=EventOut, summary="Submit for approval")
def event_submit(request, event_id: RowId):
    return _event_out(request, event_services.event_submit(actor=request.auth, event_id=event_id))


@router.post("/events/{event_id}/approve", response=EventOut, summary="Approve (staff)")
def event_approve(request, event_id: RowId):
    return _event_out(request, event_services.event_approve(actor=request.auth, event_id=event_id))


@router.post("/events/{event_id}/publish", response=EventOut, summary="Publish an approved event")
def event_publish(request, event_id: RowId):
    return _event_out(request, event_services.event_publish(actor=request.auth, event_id=event_id))


@router.post("/events/{event_id}/cancel", response=EventOut, summary="Cancel; everyone is told")
def event_cancel(request, event_id: RowId, payload: CancelIn):
    return _event_out(
        request,
        event_services.event_cancel(actor=request.auth, event_id=event_id, reason=payload.reason),
    )


@router.post(
    "/occurrences/{occurrence_id}/registrations",
    response={201: RegistrationOut, 200: RegistrationOut},
    summary="Sign the signed-in reader up (or onto the waitlist); repeating it is harmless",
)
def registration_create(request, occurrence_id: RowId):
    result = registration_services.registration_create(
        actor=request.auth, occurrence_id=occurrence_id
    )
    registration = Registration.objects.select_related("occurrence__event").get(
        pk=result.registration.pk
    )
    attach_waitlist_positions([registration])
    return Status(
        201 if result.created else 200, _registration_out(registration, created=result.created)
    )


@router.get("/me/registrations", response=list[RegistrationOut], summary="My registrations")
def my_registrations(request):
    return [_registration_out(r) for r in registration_list_own(actor=request.auth)]


@router.post(
    "/registrations/{registration_id}/cancel",
    response=RegistrationOut,
    summary="Cancel a registration; the first reader waiting is promoted",
)
def registration_cancel(request, registration_id: RowId):
    registration = registration_services.registration_cancel(
        actor=request.auth, registration_id=registration_id
    )
    return _registration_out(registration)


@router.post(
    "/checkin", response=RegistrationOut, summary="Check a ticket, or a reader's card, in (staff)"
)
def check_in(request, payload: CheckInIn):
    # Refused before the ticket is looked up, so that a code's existence is not told.
    ensure_can(request.auth, Perm.EVENT_CHECKIN)
    return _registration_out(
        registration_services.registration_check_in(
            actor=request.auth, code=payload.code, occurrence_id=payload.occurrence_id
        )
    )


# --- reading clubs -----------------------------------------------------------------------


@router.get("/clubs", response=list[ClubOut], auth=None, summary="The reading clubs' alliance")
def clubs(request):
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "library": c.library.code,
            "member_count": c.member_count,
            "description": c.description,
        }
        for c in club_list_alliance()
    ]
