"""Lists and their candidates: a manager creates a list, its candidates drawn from
the latest computed ranking of its period and category; the chair (or a manager)
invites experts; an invited expert nominates a work with a reason."""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.rankings.enums import Category
from wenlan.rankings.errors import RankingNotFoundError
from wenlan.rankings.models import Candidate, Invitation, RankingRun, ReadingList, Round, Work
from wenlan.rankings.panel import locks
from wenlan.rankings.panel.enums import CandidateOrigin, ListAction, Occasion, RoundStatus
from wenlan.rankings.panel.errors import (
    CandidateExistsError,
    ChairInvalidError,
    ExpertInvalidError,
    ListStateError,
)
from wenlan.rankings.panel.permissions import ensure_chair_or_manager, invitation_of, may_chair
from wenlan.rankings.panel.services.history import list_event_record
from wenlan.rankings.policies import period_parse

MAX_CANDIDATES = 100
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def clean_text(value: str, *, limit: int, name: str, required: bool = False) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(field)s。") % {"field": name}, field=name)
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s不能超过 %(limit)d 个字符。") % {"field": name, "limit": limit}, field=name
        )
    return value


def _slug(slug: str, date: dt.date, occasion: str) -> str:
    if slug:
        if not SLUG.match(slug):
            raise ValidationError(_("标识只能包含小写字母、数字和连字符。"), field="slug")
        if ReadingList.objects.filter(slug=slug).exists():
            raise ValidationError(_("已有这个标识的书单。"), field="slug")
        return slug
    base = f"{date:%Y}-{occasion.replace('_', '-')}"
    candidate, n = base, 1
    while ReadingList.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _ranking_entries(period: str, category: str) -> tuple[RankingRun, list[dict]]:
    for run in RankingRun.objects.filter(period=period).order_by("-computed_at", "-pk"):
        if category in run.result:
            return run, run.result[category]
    raise RankingNotFoundError(
        _("%(period)s 的“%(category)s”榜单尚未计算，请先在榜单页计算并保存。")
        % {"period": period, "category": Category(category).label}
    )


@transaction.atomic
def list_create(
    *,
    actor,
    occasion: str,
    date: dt.date,
    theme_zh: str,
    theme_en: str,
    size: int,
    period: str,
    category: str,
    chair_id: int,
    candidates: int | None = None,
    slug: str = "",
) -> ReadingList:
    """A list, its (pending) round, and its candidates: the top `candidates` (by
    default twice `size`) of the latest saved ranking of `period` and `category`."""
    ensure_can(actor, Perm.RANKING_MANAGE)
    if occasion not in Occasion.values:
        raise ValidationError(_("请选择时机。"), field="occasion")
    if category not in Category.values:
        raise ValidationError(_("请选择类别。"), field="category")
    if not 1 <= size <= 100:
        raise ValidationError(_("入选书数应在 1 到 100 之间。"), field="size")
    if period_parse(period) is None:
        raise ValidationError(_("期间格式应为 2026-03、2026-Q1 或 2026。"), field="period")
    chair = get_user_model().objects.filter(pk=chair_id, is_active=True).first()
    if chair is None or not may_chair(chair):
        raise ChairInvalidError(field="chair")
    run, entries = _ranking_entries(period, category)
    count = min(candidates or size * 2, MAX_CANDIDATES)
    now = clock.now()
    reading_list = ReadingList(
        slug=_slug(clean_text(slug, limit=80, name="slug").lower(), date, occasion),
        occasion=occasion,
        date=date,
        theme_zh=clean_text(theme_zh, limit=200, name=_("主题"), required=True),
        theme_en=clean_text(theme_en, limit=200, name=_("英文主题"), required=True),
        size=size,
        period=period,
        category=category,
        chair=chair,
        ranking_run=run,
        created_by=acting_user(actor),
        created_at=now,
    )
    reading_list.save()
    Round.objects.create(reading_list=reading_list)
    known = set(
        Work.objects.filter(pk__in=[e["work_id"] for e in entries]).values_list("pk", flat=True)
    )
    Candidate.objects.bulk_create(
        Candidate(
            reading_list=reading_list,
            work_id=entry["work_id"],
            origin=CandidateOrigin.RANKING,
            ranking_rank=entry["rank"],
            ranking_score=entry["score"],
            added_at=now,
        )
        for entry in entries[:count]
        if entry["work_id"] in known
    )
    list_event_record(
        actor=actor,
        reading_list=reading_list,
        action=ListAction.CREATED,
        detail=_("%(n)d 部候选作品来自 %(period)s 榜单，主持人 %(chair)s")
        % {"n": min(count, len(entries)), "period": period, "chair": chair.get_username()},
    )
    return reading_list


def _round_of(list_id: int) -> Round:
    found = Round.objects.filter(reading_list_id=list_id).values_list("pk", flat=True).first()
    if found is None:
        raise NotFoundError()
    return locks.lock_round(found)


@transaction.atomic
def expert_invite(*, actor, list_id: int, expert_id: int) -> Invitation:
    reading_list = ReadingList.objects.filter(pk=list_id).first()
    if reading_list is None:
        raise NotFoundError()
    ensure_chair_or_manager(actor, reading_list)
    expert = get_user_model().objects.filter(pk=expert_id, is_active=True).first()
    if expert is None or not can(expert, Perm.RANKING_REVIEW):
        raise ExpertInvalidError(field="expert")
    round_ = _round_of(list_id)
    if round_.status == RoundStatus.CLOSED:
        raise ListStateError(_("评分已经结束，不能再邀请专家。"))
    invitation = Invitation.objects.filter(round=round_, expert=expert).first()
    if invitation is not None:
        return invitation
    invitation = Invitation.objects.create(
        round=round_, expert=expert, invited_at=clock.now(), invited_by=acting_user(actor)
    )
    list_event_record(
        actor=actor,
        reading_list=reading_list,
        action=ListAction.INVITED,
        detail=expert.get_username(),
    )
    return invitation


@transaction.atomic
def candidate_nominate(*, actor, round_id: int, work_id: int, reason: str) -> Candidate:
    """An invited expert adds a work to the list's candidates, with a reason, before
    the round closes."""
    if invitation_of(actor, round_id) is None:
        raise NotFoundError()
    reason = clean_text(reason, limit=1000, name=_("提名理由"), required=True)
    round_ = locks.lock_round(round_id)
    if round_.status == RoundStatus.CLOSED:
        raise ListStateError(_("评分已经结束，不能再提名。"))
    work = Work.objects.filter(pk=work_id).first()
    if work is None:
        raise NotFoundError()
    if Candidate.objects.filter(reading_list_id=round_.reading_list_id, work=work).exists():
        raise CandidateExistsError()
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                reading_list_id=round_.reading_list_id,
                work=work,
                origin=CandidateOrigin.NOMINATION,
                nominated_by=acting_user(actor),
                reason=reason,
                added_at=clock.now(),
            )
    except IntegrityError as error:  # pragma: no cover - the round's lock orders nominations
        raise CandidateExistsError() from error
    list_event_record(
        actor=actor,
        reading_list=round_.reading_list,
        action=ListAction.NOMINATED,
        detail=work.title,
    )
    return candidate
