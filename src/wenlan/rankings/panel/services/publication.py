"""The chair finalises a list whose round has closed: the books (by default the top
`size` by trimmed mean, services don't choose: the page proposes), in order, each
with a short recommendation in both languages; then publishes it. A published list
is public and no longer changes."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.rankings.models import Candidate, ReadingList, Round
from wenlan.rankings.panel import locks
from wenlan.rankings.panel.enums import ListAction, ListStatus, RoundStatus
from wenlan.rankings.panel.errors import ListStateError, SelectionInvalidError
from wenlan.rankings.panel.permissions import ensure_chair_or_manager
from wenlan.rankings.panel.services.history import list_event_record
from wenlan.rankings.panel.services.lists import clean_text


@dataclass(frozen=True)
class Pick:
    candidate_id: int
    recommendation_zh: str
    recommendation_en: str


def _editable(actor, list_id: int) -> ReadingList:
    reading_list = ReadingList.objects.filter(pk=list_id).first()
    if reading_list is None:
        raise NotFoundError()
    ensure_chair_or_manager(actor, reading_list)
    reading_list = locks.lock_list(list_id)
    if reading_list.status != ListStatus.DRAFT:
        raise ListStateError(_("书单已经发布，不能再修改。"))
    closed = Round.objects.filter(reading_list=reading_list, status=RoundStatus.CLOSED).exists()
    if not closed:
        raise ListStateError(_("评分结束后才能确定书目。"))
    return reading_list


@transaction.atomic
def list_finalise(*, actor, list_id: int, picks: list[Pick]) -> ReadingList:
    """The chosen books in this order, with their recommendations; the others leave
    the list (their results stay)."""
    reading_list = _editable(actor, list_id)
    if not picks:
        raise SelectionInvalidError(_("请至少选择一本书。"))
    if len(picks) > reading_list.size:
        raise SelectionInvalidError(_("最多选择 %(n)d 本书。") % {"n": reading_list.size})
    ids = [p.candidate_id for p in picks]
    if len(set(ids)) != len(ids):
        raise SelectionInvalidError(_("同一本书不能选择两次。"))
    candidates = Candidate.objects.in_bulk(ids)
    if any(c.reading_list_id != reading_list.pk for c in candidates.values()) or len(
        candidates
    ) != len(ids):
        raise SelectionInvalidError(_("入选的书必须是本书单的候选书目。"))
    Candidate.objects.filter(reading_list=reading_list).update(position=None)
    for place, pick in enumerate(picks, 1):
        candidate = candidates[pick.candidate_id]
        candidate.position = place
        candidate.recommendation_zh = clean_text(
            pick.recommendation_zh, limit=600, name=_("推荐语")
        )
        candidate.recommendation_en = clean_text(
            pick.recommendation_en, limit=1200, name=_("英文推荐语")
        )
        candidate.save(update_fields=["position", "recommendation_zh", "recommendation_en"])
    list_event_record(
        actor=actor,
        reading_list=reading_list,
        action=ListAction.FINALISED,
        detail=_("%(n)d 本入选") % {"n": len(picks)},
    )
    return reading_list


@transaction.atomic
def list_publish(*, actor, list_id: int) -> ReadingList:
    reading_list = _editable(actor, list_id)
    chosen = list(Candidate.objects.filter(reading_list=reading_list, position__isnull=False))
    if not chosen:
        raise ListStateError(_("请先确定入选书目。"))
    missing = [c for c in chosen if not c.recommendation_zh or not c.recommendation_en]
    if missing:
        raise ListStateError(_("还有 %(n)d 本书缺少中文或英文推荐语。") % {"n": len(missing)})
    reading_list.status = ListStatus.PUBLISHED
    reading_list.published_at = clock.now()
    reading_list.save(update_fields=["status", "published_at"])
    list_event_record(actor=actor, reading_list=reading_list, action=ListAction.PUBLISHED)
    return reading_list
