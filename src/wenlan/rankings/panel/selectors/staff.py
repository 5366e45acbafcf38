"""What managers, chairs and experts see of a list. No selector returns another
expert's score: before the round closes a candidate shows how many experts have
scored it, never what; after, its result (written when the round closed)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.permissions import can, ensure_can
from wenlan.accounts.selectors import staff_with_roles
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.core.text import isbn_normalise
from wenlan.rankings.models import (
    Candidate,
    Conflict,
    Invitation,
    ListEvent,
    ReadingList,
    Round,
    Score,
    Work,
)
from wenlan.rankings.panel.enums import RoundStatus
from wenlan.rankings.panel.permissions import invitation_of, is_chair_or_manager
from wenlan.rankings.works import work_isbns


def _ensure_panel_staff(actor) -> None:
    if can(actor, Perm.RANKING_MANAGE):
        return
    ensure_can(actor, Perm.RANKING_REVIEW)


def lists_for(*, actor) -> QuerySet[ReadingList]:
    """All lists for a manager; the lists they chair for an expert."""
    _ensure_panel_staff(actor)
    lists = ReadingList.objects.select_related("chair").order_by("-date", "-pk")
    if can(actor, Perm.RANKING_MANAGE):
        return lists
    user = acting_user(actor)
    return lists.filter(chair=user) if user else lists.none()


@dataclass
class CandidateRow:
    candidate: Candidate
    isbns: list[str]
    scored: int  # how many experts have scored it (not what)
    conflicts: int


@dataclass
class ListPage:
    reading_list: ReadingList
    round: Round
    rows: list[CandidateRow]
    invitations: list[Invitation]
    events: list[ListEvent]
    chosen: list[Candidate] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.round.status == RoundStatus.CLOSED


def list_page(*, actor, list_id: int) -> ListPage:
    """A list as its chair or a manager sees it; candidates in result order once the
    round has closed."""
    _ensure_panel_staff(actor)
    reading_list = ReadingList.objects.select_related("chair").filter(pk=list_id).first()
    if reading_list is None:
        raise NotFoundError()
    if not is_chair_or_manager(actor, reading_list):
        if can(actor, Perm.RANKING_MANAGE) or can(actor, Perm.RANKING_REVIEW):
            raise NotFoundError()
        raise PermissionDeniedError()
    round_ = Round.objects.get(reading_list=reading_list)
    candidates = list(
        Candidate.objects.filter(reading_list=reading_list)
        .select_related("work", "nominated_by")
        .annotate(
            scored=Count("scores", distinct=True), conflicted=Count("conflicts", distinct=True)
        )
    )
    if round_.status == RoundStatus.CLOSED:
        candidates.sort(key=lambda c: (c.result_rank or 10**6, c.pk))
    isbns = work_isbns(work_ids=[c.work_id for c in candidates])
    return ListPage(
        reading_list=reading_list,
        round=round_,
        rows=[
            CandidateRow(c, isbns.get(c.work_id, []), c.scored, c.conflicted) for c in candidates
        ],
        invitations=list(
            Invitation.objects.filter(round=round_).select_related("expert").order_by("pk")
        ),
        events=list(ListEvent.objects.filter(reading_list=reading_list).order_by("at", "pk")),
        chosen=sorted((c for c in candidates if c.position), key=lambda c: c.position),
    )


def experts_to_invite() -> list:
    """Staff who may be invited: those holding the expert's role."""
    return staff_with_roles(roles=[Role.RANKING_EXPERT])


def chairs_to_choose() -> list:
    return staff_with_roles(roles=[Role.RANKING_EXPERT, Role.NETWORK_ADMIN])


def rounds_for(*, actor) -> list[Invitation]:
    """The expert's invitations, newest list first."""
    ensure_can(actor, Perm.RANKING_REVIEW)
    user = acting_user(actor)
    if user is None:
        return []
    return list(
        Invitation.objects.filter(expert=user)
        .select_related("round__reading_list")
        .order_by("-round__reading_list__date", "-pk")
    )


@dataclass
class ExpertRow:
    candidate: Candidate
    isbns: list[str]
    my_score: Score | None
    my_conflict: Conflict | None


@dataclass
class RoundPage:
    invitation: Invitation
    round: Round
    reading_list: ReadingList
    rows: list[ExpertRow]

    @property
    def closed(self) -> bool:
        return self.round.status == RoundStatus.CLOSED

    @property
    def open(self) -> bool:
        return self.round.status == RoundStatus.OPEN


def round_page(*, actor, round_id: int) -> RoundPage:
    """The round as an invited expert sees it: every candidate, their own score and
    conflict; the results (trimmed mean and spread) only once the round has closed."""
    invitation = invitation_of(actor, round_id)
    if invitation is None:
        raise NotFoundError()
    round_ = Round.objects.select_related("reading_list").get(pk=round_id)
    candidates = list(
        Candidate.objects.filter(reading_list_id=round_.reading_list_id).select_related("work")
    )
    if round_.status == RoundStatus.CLOSED:
        candidates.sort(key=lambda c: (c.result_rank or 10**6, c.pk))
    scores = {s.candidate_id: s for s in Score.objects.filter(invitation=invitation)}
    conflicts = {c.candidate_id: c for c in Conflict.objects.filter(invitation=invitation)}
    isbns = work_isbns(work_ids=[c.work_id for c in candidates])
    return RoundPage(
        invitation=invitation,
        round=round_,
        reading_list=round_.reading_list,
        rows=[
            ExpertRow(c, isbns.get(c.work_id, []), scores.get(c.pk), conflicts.get(c.pk))
            for c in candidates
        ],
    )


def works_search(*, actor, query: str, limit: int = 20) -> list[Work]:
    """Works to nominate, by ISBN (any edition) or by words of the title or author."""
    ensure_can(actor, Perm.RANKING_REVIEW)
    query = (query or "").strip()[:100]
    if not query:
        return []
    isbn = isbn_normalise(query)
    if isbn:
        return list(Work.objects.filter(isbns__isbn=isbn)[:limit])
    return list(
        Work.objects.filter(Q(title__icontains=query) | Q(author__icontains=query)).order_by(
            "title", "pk"
        )[:limit]
    )
