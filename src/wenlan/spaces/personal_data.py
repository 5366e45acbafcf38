"""A reader's bookings of the spaces (core/personal_data.py). Erasure cancels the
bookings not yet used, each resource's row locked as for any booking; past bookings
stay with the blanked reader row."""

from wenlan.core import clock
from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.spaces import locks
from wenlan.spaces.enums import BookingStatus
from wenlan.spaces.models import Booking


def bookings_export(reader_id: int) -> list[dict]:
    bookings = (
        Booking.objects.filter(reader_id=reader_id)
        .select_related("resource")
        .order_by("starts_at", "pk")
    )
    return [
        {
            "resource": booking.resource.name_zh,
            "resource_en": booking.resource.name_en,
            "starts_at": iso(booking.starts_at),
            "ends_at": iso(booking.ends_at),
            "status": booking.status,
            "created_at": iso(booking.created_at),
            "cancelled_at": iso(booking.cancelled_at),
            "checked_in_at": iso(booking.checked_in_at),
        }
        for booking in bookings
    ]


def bookings_erase(reader_id: int) -> None:
    resource_ids = sorted(
        set(
            Booking.objects.filter(reader_id=reader_id, status=BookingStatus.BOOKED).values_list(
                "resource_id", flat=True
            )
        )
    )
    for resource_id in resource_ids:
        locks.resource_lock(resource_id=resource_id)
    Booking.objects.filter(reader_id=reader_id, status=BookingStatus.BOOKED).update(
        status=BookingStatus.CANCELLED, cancelled_at=clock.now()
    )


SECTIONS = (
    PersonalDataSection(
        name="bookings",
        models=("spaces.Booking",),
        export=bookings_export,
        erase=bookings_erase,
        order=21,
    ),
)
