"""Reader-proposed activities and reading clubs."""

from django.db.models import Count, QuerySet

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope, partner_scope
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.events.enums import ClubRole, ClubStatus, EventStatus, ProposalStatus
from wenlan.events.models import (
    ActivityProposal,
    ClubMembership,
    Occurrence,
    ReadingClub,
)
from wenlan.patrons.selectors import reader_of

# --- proposals and reading clubs --------------------------------------------------------


def proposal_list_own(*, actor) -> list[ActivityProposal]:
    reader = reader_of(actor)
    if reader is None:
        return []
    return list(
        ActivityProposal.objects.filter(reader=reader).select_related("library", "event", "club")
    )


def proposal_list_for_review(*, actor) -> list[ActivityProposal]:
    scope = library_scope(actor, Perm.EVENT_APPROVE)
    proposals = (
        ActivityProposal.objects.filter(status=ProposalStatus.SUBMITTED)
        .select_related("reader", "library", "club")
        .order_by("preferred_date", "pk")
    )
    if scope is None:
        partners = partner_scope(actor, Perm.EVENT_APPROVE)
        return list(proposals) if partners is None else []
    return list(proposals.filter(library_id__in=scope))


def club_list_pending_for_review(*, actor) -> list[ReadingClub]:
    scope = library_scope(actor, Perm.EVENT_APPROVE)
    clubs = ReadingClub.objects.filter(status=ClubStatus.PENDING).select_related(
        "library", "founder"
    )
    if scope is None:
        partners = partner_scope(actor, Perm.EVENT_APPROVE)
        return list(clubs) if partners is None else []
    return list(clubs.filter(library_id__in=scope))


def club_list_alliance() -> QuerySet[ReadingClub]:
    """The alliance of reading clubs: every approved club, with its member count."""
    return (
        ReadingClub.objects.filter(status=ClubStatus.APPROVED)
        .select_related("library")
        .annotate(member_count=Count("memberships"))
        .order_by("name_zh")
    )


def club_get_public(*, slug: str) -> ReadingClub:
    club = club_list_alliance().filter(slug=slug).first()
    if club is None:
        raise NotFoundError()
    return club


def club_upcoming_occurrences(*, club: ReadingClub) -> list[Occurrence]:
    return list(
        Occurrence.objects.filter(
            event__club=club,
            event__status=EventStatus.PUBLISHED,
            is_cancelled=False,
            ends_at__gte=clock.now(),
        )
        .select_related("event__venue")
        .order_by("starts_at")
    )


def club_membership_of(*, actor, club: ReadingClub) -> ClubMembership | None:
    reader = reader_of(actor)
    if reader is None:
        return None
    return ClubMembership.objects.filter(club=club, reader=reader).first()


def clubs_organised_by(*, actor) -> list[ReadingClub]:
    reader = reader_of(actor)
    if reader is None:
        return []
    return list(
        ReadingClub.objects.filter(
            status=ClubStatus.APPROVED,
            memberships__reader=reader,
            memberships__role=ClubRole.ORGANISER,
        )
    )
