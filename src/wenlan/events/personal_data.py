"""A reader's event registrations, activity proposals, club memberships, the clubs
they founded and the events they organise (core/personal_data.py). Erasure cancels
their places (a freed seat goes to the first reader waiting, who is told, as on any
cancellation), withdraws their pending proposals and ends their memberships. Past
registrations, clubs and events stay with the blanked reader row."""

from wenlan.core import clock
from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.events import locks
from wenlan.events.enums import ProposalStatus, RegistrationStatus
from wenlan.events.models import (
    ActivityProposal,
    ClubMembership,
    Event,
    ReadingClub,
    Registration,
)
from wenlan.events.services.registrations import promote_waitlisted

OPEN_REGISTRATION_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def registrations_export(reader_id: int) -> list[dict]:
    registrations = (
        Registration.objects.filter(reader_id=reader_id)
        .select_related("occurrence__event", "checked_in_by")
        .order_by("created_at", "pk")
    )
    return [
        {
            "event": registration.occurrence.event.title_zh,
            "event_en": registration.occurrence.event.title_en,
            "occurrence_starts_at": iso(registration.occurrence.starts_at),
            "status": registration.status,
            "ticket_code": registration.ticket_code,
            "created_at": iso(registration.created_at),
            "promoted_at": iso(registration.promoted_at),
            "cancelled_at": iso(registration.cancelled_at),
            "checked_in_at": iso(registration.checked_in_at),
            "checked_in_by": registration.checked_in_by.username
            if registration.checked_in_by
            else None,
        }
        for registration in registrations
    ]


def registrations_erase(reader_id: int) -> None:
    """Each confirmed or waitlisted place is cancelled under its occurrence's lock
    (occurrences in primary-key order), and the waitlist moves up."""
    occurrence_ids = sorted(
        set(
            Registration.objects.filter(
                reader_id=reader_id, status__in=OPEN_REGISTRATION_STATUSES
            ).values_list("occurrence_id", flat=True)
        )
    )
    now = clock.now()
    for occurrence_id in occurrence_ids:
        occurrence = locks.occurrence_lock(occurrence_id=occurrence_id)
        for registration in Registration.objects.filter(
            reader_id=reader_id, occurrence_id=occurrence_id, status__in=OPEN_REGISTRATION_STATUSES
        ).order_by("pk"):
            if registration.status == RegistrationStatus.CONFIRMED:
                occurrence.confirmed_count -= 1
            else:
                occurrence.waitlist_count -= 1
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = registration.notified_at = now
            registration.save(update_fields=["status", "cancelled_at", "notified_at"])
        promote_waitlisted(occurrence)
        locks.occurrence_counts_save(occurrence)


def proposals_export(reader_id: int) -> list[dict]:
    proposals = ActivityProposal.objects.filter(reader_id=reader_id).order_by("created_at", "pk")
    return [
        {
            "title": proposal.title,
            "description": proposal.description,
            "audience": proposal.audience,
            "category": proposal.category,
            "preferred_date": iso(proposal.preferred_date),
            "preferred_time": proposal.preferred_time,
            "expected_people": proposal.expected_people,
            "needs": proposal.needs,
            "status": proposal.status,
            "review_note": proposal.review_note,
            "created_at": iso(proposal.created_at),
        }
        for proposal in proposals
    ]


def proposals_erase(reader_id: int) -> None:
    ActivityProposal.objects.filter(reader_id=reader_id, status=ProposalStatus.SUBMITTED).update(
        status=ProposalStatus.WITHDRAWN, updated_at=clock.now()
    )


def memberships_export(reader_id: int) -> list[dict]:
    memberships = (
        ClubMembership.objects.filter(reader_id=reader_id)
        .select_related("club")
        .order_by("joined_at", "pk")
    )
    return [
        {
            "club": membership.club.name_zh,
            "club_en": membership.club.name_en,
            "role": membership.role,
            "joined_at": iso(membership.joined_at),
        }
        for membership in memberships
    ]


def memberships_erase(reader_id: int) -> None:
    ClubMembership.objects.filter(reader_id=reader_id).delete()


def clubs_founded_export(reader_id: int) -> list[dict]:
    clubs = ReadingClub.objects.filter(founder_id=reader_id).order_by("created_at", "pk")
    return [
        {"club": club.name_zh, "club_en": club.name_en, "status": club.status} for club in clubs
    ]


def events_organised_export(reader_id: int) -> list[dict]:
    events = Event.objects.filter(reader_organiser_id=reader_id).order_by("pk")
    return [
        {"event": event.title_zh, "event_en": event.title_en, "status": event.status}
        for event in events
    ]


SECTIONS = (
    PersonalDataSection(
        name="event_registrations",
        models=("events.Registration",),
        export=registrations_export,
        erase=registrations_erase,
        order=20,
    ),
    PersonalDataSection(
        name="proposals",
        models=("events.ActivityProposal",),
        export=proposals_export,
        erase=proposals_erase,
        order=22,
    ),
    PersonalDataSection(
        name="club_memberships",
        models=("events.ClubMembership",),
        export=memberships_export,
        erase=memberships_erase,
        order=23,
    ),
    PersonalDataSection(
        name="clubs_founded",
        models=("events.ReadingClub",),
        export=clubs_founded_export,
        order=24,
    ),
    PersonalDataSection(
        name="events_organised",
        models=("events.Event",),
        export=events_organised_export,
        order=25,
    ),
)
