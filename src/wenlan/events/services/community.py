"""Reader-proposed activities and reading clubs."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can_on_organiser
from wenlan.core import clock
from wenlan.core.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from wenlan.core.models import model_full_clean
from wenlan.events.enums import ClubRole, ClubStatus, ProposalStatus
from wenlan.events.errors import NoReaderCardError, NotClubOrganiserError, ProposalStateError
from wenlan.events.models import ActivityProposal, ClubMembership, ReadingClub
from wenlan.events.services.events import (
    VenueSpec,
    event_approve,
    event_create,
    event_publish,
    event_submit,
)
from wenlan.events.services.occurrences import OccurrenceSpec
from wenlan.patrons.selectors import reader_for_user


def _reader(actor):
    reader = reader_for_user(user=acting_user(actor))
    if reader is None:
        raise NoReaderCardError()
    return reader


# --- proposals --------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    actor,
    library_id: int,
    title: str,
    description: str,
    audience: str,
    preferred_date: dt.date,
    expected_people: int,
    category: str = "reading",
    preferred_time: str = "",
    needs: str = "",
    club_id: int | None = None,
) -> ActivityProposal:
    reader = _reader(actor)
    if (
        club_id is not None
        and not ClubMembership.objects.filter(
            club_id=club_id,
            reader=reader,
            role=ClubRole.ORGANISER,
            club__status=ClubStatus.APPROVED,
        ).exists()
    ):
        raise NotClubOrganiserError()
    proposal = ActivityProposal(
        reader=reader,
        library_id=library_id,
        title=title,
        description=description,
        audience=audience,
        preferred_date=preferred_date,
        expected_people=expected_people,
        category=category,
        preferred_time=preferred_time,
        needs=needs,
        club_id=club_id,
    )
    model_full_clean(proposal, exclude=["reader", "library", "club", "event", "reviewed_by"])
    if preferred_date <= clock.today():
        raise ValidationError(_("希望日期须在今天之后。"), field="preferred_date")
    proposal.save()
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor, proposal_id: int) -> ActivityProposal:
    proposal = ActivityProposal.objects.select_for_update().filter(pk=proposal_id).first()
    reader = reader_for_user(user=acting_user(actor))
    if proposal is None:
        raise NotFoundError()
    if reader is None or proposal.reader_id != reader.pk:
        raise PermissionDeniedError()
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ProposalStateError()
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


def _proposal_for_review(actor, proposal_id: int) -> ActivityProposal:
    proposal = (
        ActivityProposal.objects.select_for_update(of=("self",))
        .select_related("reader", "library")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise NotFoundError()
    ensure_can_on_organiser(
        actor, Perm.EVENT_APPROVE, library_id=proposal.library_id, partner_id=None
    )
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ProposalStateError()
    return proposal


@transaction.atomic
def proposal_approve(
    *,
    actor,
    proposal_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    room: str,
    note: str = "",
):
    """The proposal becomes a published event of the library, with the reader as
    its organiser (and their club, if they proposed it for one)."""
    proposal = _proposal_for_review(actor, proposal_id)
    library = proposal.library
    event = event_create(
        actor=actor,
        title_zh=proposal.title,
        description_zh=proposal.description,
        organiser_library_id=library.pk,
        category=proposal.category,
        venue=VenueSpec(
            name_zh=room,
            library_id=library.pk,
            latitude=float(library.latitude) if library.latitude is not None else None,
            longitude=float(library.longitude) if library.longitude is not None else None,
        ),
        occurrences=[OccurrenceSpec(starts_at, ends_at, capacity)],
        registration_required=capacity > 0,
    )
    event.reader_organiser = proposal.reader
    event.club_id = proposal.club_id
    event.save(update_fields=["reader_organiser", "club"])
    event_submit(actor=actor, event_id=event.pk)
    event_approve(actor=actor, event_id=event.pk)
    event = event_publish(actor=actor, event_id=event.pk)
    proposal.status = ProposalStatus.APPROVED
    proposal.event = event
    proposal.review_note = note
    proposal.reviewed_by = acting_user(actor)
    proposal.reviewed_at = clock.now()
    proposal.save(
        update_fields=["status", "event", "review_note", "reviewed_by", "reviewed_at", "updated_at"]
    )
    return proposal


@transaction.atomic
def proposal_reject(*, actor, proposal_id: int, note: str) -> ActivityProposal:
    proposal = _proposal_for_review(actor, proposal_id)
    proposal.status = ProposalStatus.REJECTED
    proposal.review_note = note
    proposal.reviewed_by = acting_user(actor)
    proposal.reviewed_at = clock.now()
    proposal.save(
        update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"]
    )
    return proposal


# --- reading clubs ------------------------------------------------------------------------


@transaction.atomic
def club_register(
    *,
    actor,
    slug: str,
    name_zh: str,
    description_zh: str,
    library_id: int,
    name_en: str = "",
    description_en: str = "",
    meets_zh: str = "",
) -> ReadingClub:
    """A reader registers their club; it joins the alliance once staff approve it."""
    reader = _reader(actor)
    club = ReadingClub(
        slug=slug,
        name_zh=name_zh,
        name_en=name_en,
        description_zh=description_zh,
        description_en=description_en,
        meets_zh=meets_zh,
        library_id=library_id,
        founder=reader,
    )
    model_full_clean(club, exclude=["library", "founder"])
    if ReadingClub.objects.filter(slug=slug).exists():
        raise ValidationError(_("该标识已被使用。"), field="slug")
    club.save()
    ClubMembership.objects.create(
        club=club, reader=reader, role=ClubRole.ORGANISER, joined_at=clock.now()
    )
    return club


@transaction.atomic
def club_set_status(*, actor, club_id: int, status: str) -> ReadingClub:
    club = ReadingClub.objects.select_for_update().filter(pk=club_id).first()
    if club is None:
        raise NotFoundError()
    ensure_can_on_organiser(actor, Perm.EVENT_APPROVE, library_id=club.library_id, partner_id=None)
    club.status = ClubStatus(status)
    if club.status == ClubStatus.APPROVED and club.approved_at is None:
        club.approved_at = clock.now()
    club.save(update_fields=["status", "approved_at", "updated_at"])
    return club


@transaction.atomic
def club_join(*, actor, club_id: int) -> ClubMembership:
    reader = _reader(actor)
    club = ReadingClub.objects.filter(pk=club_id, status=ClubStatus.APPROVED).first()
    if club is None:
        raise NotFoundError()
    existing = ClubMembership.objects.filter(club=club, reader=reader).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ClubMembership.objects.create(club=club, reader=reader, joined_at=clock.now())
    except IntegrityError:
        return ClubMembership.objects.get(club=club, reader=reader)


@transaction.atomic
def club_leave(*, actor, club_id: int) -> None:
    reader = _reader(actor)
    membership = ClubMembership.objects.filter(club_id=club_id, reader=reader).first()
    if membership is None:
        return
    if (
        membership.role == ClubRole.ORGANISER
        and not ClubMembership.objects.filter(club_id=club_id, role=ClubRole.ORGANISER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ConflictError(_("您是唯一的组织者，请先指定另一位组织者再退出。"))
    membership.delete()
