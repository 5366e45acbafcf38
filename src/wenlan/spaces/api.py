"""`/api/spaces/...`: the maker space's machines and the rooms, their slots, and a
reader's bookings."""

from ninja import Router, Status

from wenlan.core.ids import RowId
from wenlan.spaces import services
from wenlan.spaces.models import Booking, Resource
from wenlan.spaces.schemas import BookingIn, BookingOut, ResourceOut, SlotOut
from wenlan.spaces.selectors import (
    booking_list_own,
    resource_days,
    resource_get_public,
    resource_list_public,
)

router = Router(tags=["spaces"])


def _resource_out(resource: Resource) -> dict:
    return {
        "slug": resource.slug,
        "name": resource.name,
        "kind": resource.kind,
        "library": resource.library.code,
        "slot_minutes": resource.slot_minutes,
        "max_hours_per_week": resource.max_hours_per_week,
        "booking_days_ahead": resource.booking_days_ahead,
        "induction_event_id": resource.induction_event_id,
    }


def _booking_out(booking: Booking) -> dict:
    return {
        "id": booking.pk,
        "resource": booking.resource.slug,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "status": booking.status,
    }


@router.get("/resources", response=list[ResourceOut], auth=None, summary="Bookable resources")
def resources(request):
    return [_resource_out(r) for r in resource_list_public()]


@router.get(
    "/resources/{slug}/slots",
    response=list[SlotOut],
    auth=None,
    summary="The coming week's slots of a resource: free, taken, past, or the caller's own",
)
def resource_slots(request, slug: str):
    resource = resource_get_public(slug=slug)
    days = resource_days(resource=resource, actor=request.user)
    return [
        {"starts_at": slot.starts_at, "state": slot.state, "booking_id": slot.booking_id}
        for day in days
        for slot in day.slots
    ]


@router.post(
    "/resources/{slug}/bookings",
    response={201: BookingOut},
    summary="Book one slot (induction, weekly hours and the slot's being free are checked)",
)
def booking_create(request, slug: str, payload: BookingIn):
    resource = resource_get_public(slug=slug)
    booking = services.booking_create(
        actor=request.auth, resource_id=resource.pk, starts_at=payload.starts_at
    )
    return Status(201, _booking_out(booking))


@router.get("/me/bookings", response=list[BookingOut], summary="My coming bookings")
def my_bookings(request):
    return [_booking_out(b) for b in booking_list_own(actor=request.auth)]


@router.post("/bookings/{booking_id}/cancel", response=BookingOut, summary="Cancel a booking")
def booking_cancel(request, booking_id: RowId):
    return _booking_out(services.booking_cancel(actor=request.auth, booking_id=booking_id))
