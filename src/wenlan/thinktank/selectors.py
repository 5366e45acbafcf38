"""Reads of the think tank, for staff holding THINKTANK_EDIT."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.permissions import can, ensure_can, partner_scope
from wenlan.accounts.selectors import staff_with_roles
from wenlan.core import text
from wenlan.core.errors import NotFoundError
from wenlan.thinktank.enums import BulletinStatus, ConsultingStatus, FeedbackKind
from wenlan.thinktank.models import (
    Bulletin,
    BulletinSection,
    Clipping,
    ClippingAlert,
    ConsultingRequest,
    DeskLogEntry,
    Feed,
    Series,
    SessionRequest,
    ThematicProduct,
    Topic,
    TopicFollow,
)
from wenlan.thinktank.permissions import ensure_editor


@dataclass(frozen=True)
class ClippingFilters:
    q: str = ""
    topic_id: int | None = None
    kind: str = ""
    source: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def _matching(queryset: QuerySet, q: str) -> QuerySet:
    for word in text.query_words(q.replace("\x00", "")):
        queryset = queryset.filter(search_text__contains=f" {word} ")
    return queryset


def clipping_search(*, actor, filters: ClippingFilters) -> QuerySet[Clipping]:
    ensure_editor(actor)
    clippings = Clipping.objects.prefetch_related("topics")
    if filters.q:
        clippings = _matching(clippings, filters.q)
    if filters.topic_id:
        clippings = clippings.filter(topics__pk=filters.topic_id)
    if filters.kind:
        clippings = clippings.filter(kind=filters.kind)
    if filters.source:
        clippings = clippings.filter(source__icontains=filters.source)
    if filters.since:
        clippings = clippings.filter(published_on__gte=filters.since)
    if filters.until:
        clippings = clippings.filter(published_on__lte=filters.until)
    return clippings.order_by("-published_on", "-pk")


def bulletin_search(*, actor, q: str) -> QuerySet[Bulletin]:
    ensure_editor(actor)
    return _matching(Bulletin.objects.select_related("series"), q).order_by("-created_at", "-pk")


def clipping_get(*, actor, clipping_id: int) -> Clipping:
    ensure_editor(actor)
    clipping = (
        Clipping.objects.prefetch_related("topics", "attachments")
        .select_related("feed")
        .filter(pk=clipping_id)
        .first()
    )
    if clipping is None:
        raise NotFoundError()
    return clipping


def topic_list(*, actor) -> list[Topic]:
    ensure_editor(actor)
    user = acting_user(actor)
    followed = set(TopicFollow.objects.filter(user=user).values_list("topic_id", flat=True))
    topics = list(Topic.objects.annotate(clipping_count=Count("clippings")))
    for topic in topics:
        topic.followed = topic.pk in followed
    return topics


def alert_list(*, actor, limit: int = 100) -> list[ClippingAlert]:
    ensure_editor(actor)
    return list(
        ClippingAlert.objects.filter(user=acting_user(actor)).select_related("clipping", "topic")[
            :limit
        ]
    )


def alert_unseen_count(*, actor) -> int:
    return ClippingAlert.objects.filter(user=acting_user(actor), seen_at__isnull=True).count()


def feed_list(*, actor) -> list[Feed]:
    ensure_editor(actor)
    return list(Feed.objects.select_related("topic"))


def series_list(*, actor) -> list[Series]:
    ensure_editor(actor)
    return list(Series.objects.all())


def bulletin_list(*, actor, status: str = "") -> QuerySet[Bulletin]:
    ensure_editor(actor)
    bulletins = Bulletin.objects.select_related("series").annotate(section_count=Count("sections"))
    if status in BulletinStatus.values:
        bulletins = bulletins.filter(status=status)
    return bulletins.order_by("-updated_at", "-pk")


def bulletin_get(*, actor, bulletin_id: int) -> Bulletin:
    ensure_editor(actor)
    bulletin = (
        Bulletin.objects.select_related("series", "created_by")
        .prefetch_related(
            Prefetch("sections", queryset=BulletinSection.objects.order_by("position", "pk")),
            "events",
            "submissions__feedback",
        )
        .filter(pk=bulletin_id)
        .first()
    )
    if bulletin is None:
        raise NotFoundError()
    return bulletin


@dataclass(frozen=True)
class ImpactRow:
    series: str
    year: int
    issues: int
    submissions: int
    instructions: int
    adoptions: int


def impact_figures(*, actor) -> list[ImpactRow]:
    """Per series and year: issues issued, submissions made, instructions and
    adoptions received."""
    ensure_editor(actor)
    rows = (
        Bulletin.objects.filter(status=BulletinStatus.ISSUED)
        .values("series__name_zh", "year")
        .annotate(
            n_issues=Count("pk", distinct=True),
            n_submissions=Count("submissions", distinct=True),
            n_instructions=Count(
                "submissions__feedback",
                filter=Q(submissions__feedback__kind=FeedbackKind.INSTRUCTION),
                distinct=True,
            ),
            n_adoptions=Count(
                "submissions__feedback",
                filter=Q(submissions__feedback__kind=FeedbackKind.ADOPTION),
                distinct=True,
            ),
        )
        .order_by("series__name_zh", "-year")
    )
    return [
        ImpactRow(
            series=row["series__name_zh"],
            year=row["year"],
            issues=row["n_issues"],
            submissions=row["n_submissions"],
            instructions=row["n_instructions"],
            adoptions=row["n_adoptions"],
        )
        for row in rows
    ]


def session_request_list(*, actor) -> list[SessionRequest]:
    ensure_editor(actor)
    return list(SessionRequest.objects.select_related("assignee")[:500])


def desk_log(*, actor, limit: int = 100) -> list[DeskLogEntry]:
    ensure_editor(actor)
    return list(DeskLogEntry.objects.select_related("staff")[:limit])


def editor_choices(*, actor) -> list:
    """Whom think-tank work can be assigned to."""
    ensure_editor(actor)
    return staff_with_roles(roles=[Role.THINKTANK_EDITOR, Role.THINKTANK_CHIEF])


def product_list(*, actor) -> list[ThematicProduct]:
    ensure_editor(actor)
    return list(ThematicProduct.objects.annotate(clipping_count=Count("clippings")))


def product_get(*, actor, product_id: int) -> ThematicProduct:
    ensure_editor(actor)
    product = ThematicProduct.objects.filter(pk=product_id).first()
    if product is None:
        raise NotFoundError()
    return product


def product_list_public() -> list[ThematicProduct]:
    return list(ThematicProduct.objects.filter(is_published=True))


def product_get_public(*, slug: str) -> tuple[ThematicProduct, list[Clipping]]:
    """A published product and its clippings, newest first; anything else is a 404."""
    product = ThematicProduct.objects.filter(slug=slug, is_published=True).first()
    if product is None:
        raise NotFoundError()
    return product, list(product.clippings.order_by("-published_on", "-pk"))


def _consulting_visible(actor) -> QuerySet[ConsultingRequest]:
    """Editors see every request; an enterprise's contact, their partner's."""
    if can(actor, Perm.THINKTANK_EDIT):
        return ConsultingRequest.objects.all()
    ensure_can(actor, Perm.ENTERPRISE_REQUEST)
    partners = partner_scope(actor, Perm.ENTERPRISE_REQUEST)
    if partners is None:
        return ConsultingRequest.objects.all()
    return ConsultingRequest.objects.filter(partner_id__in=partners)


def consulting_list(*, actor) -> list[ConsultingRequest]:
    return list(
        _consulting_visible(actor)
        .select_related("partner", "assignee", "filed_by")
        .prefetch_related("events")[:300]
    )


def consulting_get(*, actor, request_id: int) -> ConsultingRequest:
    found = _consulting_visible(actor).filter(pk=request_id).first()
    if found is None:
        raise NotFoundError()
    return found


@dataclass(frozen=True)
class Turnaround:
    by_status: dict[str, int]
    delivered: int
    median_hours_to_report: float | None
    accepted: int
    median_hours_to_acceptance: float | None


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return round(ordered[middle], 1)
    return round((ordered[middle - 1] + ordered[middle]) / 2, 1)


def consulting_turnaround(*, actor) -> Turnaround:
    """Per status, and the median hours from filing to the first report and to acceptance."""
    ensure_editor(actor)
    rows = list(
        ConsultingRequest.objects.values("status", "filed_at", "delivered_at", "accepted_at")
    )
    by_status = {value: 0 for value in ConsultingStatus.values}
    for row in rows:
        by_status[row["status"]] += 1
    to_report = [
        (r["delivered_at"] - r["filed_at"]).total_seconds() / 3600
        for r in rows
        if r["delivered_at"]
    ]
    to_accept = [
        (r["accepted_at"] - r["filed_at"]).total_seconds() / 3600 for r in rows if r["accepted_at"]
    ]
    return Turnaround(
        by_status=by_status,
        delivered=len(to_report),
        median_hours_to_report=_median(to_report),
        accepted=len(to_accept),
        median_hours_to_acceptance=_median(to_accept),
    )
