"""Events (channels, venues, events, occurrences, registrations), online exhibitions
and maker-space resources and bookings."""

from wenlan.events.models.community import ActivityProposal, ClubMembership, ReadingClub
from wenlan.events.models.events import (
    Channel,
    Event,
    Occurrence,
    Registration,
    Venue,
)
from wenlan.events.models.exhibitions import Exhibition, ExhibitionImage
from wenlan.events.models.makerspace import Booking, Resource

__all__ = [
    "ActivityProposal",
    "ClubMembership",
    "ReadingClub",
    "Booking",
    "Resource",
    "Channel",
    "Event",
    "Exhibition",
    "ExhibitionImage",
    "Registration",
    "Occurrence",
    "Venue",
]
