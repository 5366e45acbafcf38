"""The round: opened by the chair or a manager; invited experts declare conflicts
and score each candidate 1–10 with a comment; closed, it writes each candidate's
result (policies.score_summary) and their order. Every write here takes the
round's row lock first and reads the round's status after it: a score sent while
the round closes is either in before the close (and counted) or refused."""

from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.rankings.models import Candidate, Conflict, Invitation, ReadingList, Round, Score
from wenlan.rankings.panel import locks, policies
from wenlan.rankings.panel.enums import ListAction, RoundStatus
from wenlan.rankings.panel.errors import (
    ConflictOfInterestError,
    ListStateError,
    RoundClosedError,
    RoundNotOpenError,
    ScoreInvalidError,
)
from wenlan.rankings.panel.permissions import ensure_chair_or_manager, invitation_of
from wenlan.rankings.panel.services.history import list_event_record
from wenlan.rankings.panel.services.lists import clean_text


def _list_and_round(list_id: int) -> tuple[ReadingList, Round]:
    reading_list = ReadingList.objects.filter(pk=list_id).first()
    if reading_list is None:
        raise NotFoundError()
    round_id = Round.objects.filter(reading_list=reading_list).values_list("pk", flat=True).first()
    if round_id is None:
        raise NotFoundError()
    return reading_list, Round(pk=round_id)


@transaction.atomic
def round_open(*, actor, list_id: int) -> Round:
    reading_list, round_ = _list_and_round(list_id)
    ensure_chair_or_manager(actor, reading_list)
    round_ = locks.lock_round(round_.pk)
    if round_.status != RoundStatus.PENDING:
        raise ListStateError(_("评分已经开始过。"))
    if not Candidate.objects.filter(reading_list=reading_list).exists():
        raise ListStateError(_("还没有候选书目。"))
    if not Invitation.objects.filter(round=round_).exists():
        raise ListStateError(_("请先邀请评审专家。"))
    round_.status, round_.opened_at = RoundStatus.OPEN, clock.now()
    round_.save(update_fields=["status", "opened_at"])
    list_event_record(actor=actor, reading_list=reading_list, action=ListAction.ROUND_OPENED)
    return round_


def _candidate(round_: Round, candidate_id: int) -> Candidate:
    candidate = (
        Candidate.objects.filter(pk=candidate_id, reading_list_id=round_.reading_list_id)
        .select_related("work")
        .first()
    )
    if candidate is None:
        raise NotFoundError()
    return candidate


def _invited(actor, round_id: int) -> Invitation:
    invitation = invitation_of(actor, round_id)
    if invitation is None:
        raise NotFoundError()
    return invitation


@transaction.atomic
def conflict_declare(*, actor, round_id: int, candidate_id: int, note: str) -> Conflict:
    """The expert does not score this candidate; a score they gave it is withdrawn."""
    invitation = _invited(actor, round_id)
    note = clean_text(note, limit=1000, name=_("说明"), required=True)
    round_ = locks.lock_round(round_id)
    if round_.status == RoundStatus.CLOSED:
        raise RoundClosedError()
    candidate = _candidate(round_, candidate_id)
    conflict, created = Conflict.objects.get_or_create(
        invitation=invitation,
        candidate=candidate,
        defaults={"note": note, "declared_at": clock.now()},
    )
    if not created:
        conflict.note = note
        conflict.save(update_fields=["note"])
    withdrawn, _n = Score.objects.filter(invitation=invitation, candidate=candidate).delete()
    detail = candidate.work.title
    if withdrawn:
        detail += " · " + _("已撤回此前的评分")
    list_event_record(
        actor=actor, reading_list=round_.reading_list, action=ListAction.CONFLICT, detail=detail
    )
    return conflict


@transaction.atomic
def score_set(*, actor, round_id: int, candidate_id: int, value: int, comment: str = "") -> Score:
    """The expert's score of a candidate, 1–10, with a comment; sent again, it replaces
    the earlier one while the round is open."""
    invitation = _invited(actor, round_id)
    if not isinstance(value, int) or not policies.score_valid(value):
        raise ScoreInvalidError(field="value")
    comment = clean_text(comment, limit=2000, name=_("评语"))
    round_ = locks.lock_round(round_id)
    if round_.status == RoundStatus.CLOSED:
        raise RoundClosedError()
    if round_.status != RoundStatus.OPEN:
        raise RoundNotOpenError()
    candidate = _candidate(round_, candidate_id)
    if Conflict.objects.filter(invitation=invitation, candidate=candidate).exists():
        raise ConflictOfInterestError()
    score, _created = Score.objects.update_or_create(
        invitation=invitation,
        candidate=candidate,
        defaults={"value": value, "comment": comment, "scored_at": clock.now()},
    )
    list_event_record(
        actor=actor,
        reading_list=round_.reading_list,
        action=ListAction.SCORED,
        detail=candidate.work.title,
    )
    return score


@transaction.atomic
def round_close(*, actor, list_id: int) -> Round:
    """No score after this; each candidate's trimmed mean, spread and place."""
    reading_list, round_ = _list_and_round(list_id)
    ensure_chair_or_manager(actor, reading_list)
    round_ = locks.lock_round(round_.pk)
    if round_.status == RoundStatus.CLOSED:
        raise RoundClosedError(_("评分已经结束。"))
    if round_.status != RoundStatus.OPEN:
        raise RoundNotOpenError()
    round_.status, round_.closed_at = RoundStatus.CLOSED, clock.now()
    round_.save(update_fields=["status", "closed_at"])
    values: dict[int, list[int]] = {}
    for candidate_id, value in Score.objects.filter(
        invitation__round=round_, candidate__reading_list=reading_list
    ).values_list("candidate_id", "value"):
        values.setdefault(candidate_id, []).append(value)
    candidates = list(Candidate.objects.filter(reading_list=reading_list))
    summaries = {c.pk: policies.score_summary(values.get(c.pk, [])) for c in candidates}
    candidates.sort(
        key=lambda c: policies.result_order_key(
            summaries[c.pk], ranking_rank=c.ranking_rank, candidate_id=c.pk
        )
    )
    for place, candidate in enumerate(candidates, 1):
        summary = summaries[candidate.pk]
        candidate.score_count = summary.count
        candidate.score_mean = summary.mean
        candidate.score_min = summary.minimum
        candidate.score_max = summary.maximum
        candidate.score_std = summary.std
        candidate.result_rank = place
    Candidate.objects.bulk_update(
        candidates,
        ["score_count", "score_mean", "score_min", "score_max", "score_std", "result_rank"],
    )
    list_event_record(
        actor=actor,
        reading_list=reading_list,
        action=ListAction.ROUND_CLOSED,
        detail=_("%(n)d 个评分") % {"n": sum(len(v) for v in values.values())},
    )
    return round_
