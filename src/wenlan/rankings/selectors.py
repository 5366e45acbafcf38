"""What staff see: the sources they may send for, their uploads, the runs."""

from django.db.models import Q, QuerySet

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can, partner_scope
from wenlan.rankings.models import FeedSource, FeedUpload, RankingRun


def sources_for(*, actor, kind: str | None = None) -> QuerySet[FeedSource]:
    """The active sources `actor` may upload for: all for a manager, else those of
    the partners they speak for."""
    ensure_can(actor, Perm.RANKING_FEED)
    sources = FeedSource.objects.filter(active=True).order_by("code")
    if kind:
        sources = sources.filter(kind=kind)
    if can(actor, Perm.RANKING_MANAGE):
        return sources
    partners = partner_scope(actor, Perm.RANKING_FEED)
    if partners is None:
        return sources
    return sources.filter(partner_id__in=partners)


def uploads_for(*, actor, limit: int = 30) -> list[FeedUpload]:
    ensure_can(actor, Perm.RANKING_FEED)
    uploads = FeedUpload.objects.select_related("source")
    if not can(actor, Perm.RANKING_MANAGE):
        partners = partner_scope(actor, Perm.RANKING_FEED)
        if partners is not None:
            uploads = uploads.filter(Q(source__partner_id__in=partners))
    return list(uploads.order_by("-received_at", "-pk")[:limit])


def runs_recent(*, actor, limit: int = 12) -> list[RankingRun]:
    ensure_can(actor, Perm.RANKING_MANAGE)
    return list(RankingRun.objects.defer("result").order_by("-computed_at", "-pk")[:limit])


def run_get(*, actor, run_id: int) -> RankingRun | None:
    ensure_can(actor, Perm.RANKING_MANAGE)
    return RankingRun.objects.filter(pk=run_id).first()
