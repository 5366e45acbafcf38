"""Events (channels, venues, events, occurrences, registrations) and what readers
bring (proposed activities, reading clubs)."""

from wenlan.events.models.community import ActivityProposal, ClubMembership, ReadingClub
from wenlan.events.models.events import (
    Channel,
    Event,
    Occurrence,
    Registration,
    Venue,
)

__all__ = [
    "ActivityProposal",
    "ClubMembership",
    "ReadingClub",
    "Channel",
    "Event",
    "Registration",
    "Occurrence",
    "Venue",
]
