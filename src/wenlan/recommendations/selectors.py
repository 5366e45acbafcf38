"""Reads: a reader's lists with their reasons in the page's language, and the
segments as staff see them (counts only, small ones suppressed)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.core import clock
from wenlan.core.i18n import is_english, translated
from wenlan.events.models import Event
from wenlan.events.selectors.events import CalendarFilters, calendar_entries
from wenlan.network.selectors import libraries_by_ids
from wenlan.recommendations.enums import SEGMENT_RULES, EventReasonKind, ReasonKind, SegmentCode
from wenlan.recommendations.models import (
    EventRecommendation,
    Recommendation,
    Segment,
    SegmentAnnouncement,
    SegmentMember,
    TrainingRun,
)
from wenlan.recommendations.policies import suppressed

CLC_NAMES = {
    "A": ("马列主义", "Marxism-Leninism"),
    "B": ("哲学、宗教", "philosophy and religion"),
    "C": ("社会科学总论", "social sciences"),
    "D": ("政治、法律", "politics and law"),
    "E": ("军事", "military science"),
    "F": ("经济", "economics"),
    "G": ("文化、科学、教育、体育", "culture, education and sports"),
    "H": ("语言、文字", "languages"),
    "I": ("文学", "literature"),
    "J": ("艺术", "arts"),
    "K": ("历史、地理", "history and geography"),
    "N": ("自然科学总论", "natural sciences"),
    "O": ("数理科学和化学", "mathematics, physics and chemistry"),
    "P": ("天文学、地球科学", "astronomy and earth sciences"),
    "Q": ("生物科学", "biology"),
    "R": ("医药、卫生", "medicine and health"),
    "S": ("农业科学", "agriculture"),
    "T": ("工业技术", "technology"),
    "U": ("交通运输", "transport"),
    "V": ("航空、航天", "aviation and space"),
    "X": ("环境科学", "environmental science"),
    "Z": ("综合性图书", "general works"),
}


def clc_name(code: str) -> str:
    names = CLC_NAMES.get(code)
    if names is None:
        return code
    return names[1] if is_english() else names[0]


def segment_name(segment: Segment | None, code: str = "") -> str:
    """A staff label in the page's language, else the rule's name."""
    if segment is not None:
        label = translated(segment, "label")
        if label:
            return label
        code = segment.code
    return str(SegmentCode(code).label) if code in SegmentCode.values else ""


@dataclass(frozen=True)
class BookSuggestion:
    record_id: int
    title: str
    responsibility: str
    reason: str
    rank: int


@dataclass(frozen=True)
class EventSuggestion:
    event: Event
    reason: str
    rank: int


def _book_reason(row: dict, segments: dict[str, Segment]) -> str:
    if row["reason"] == ReasonKind.BORROWED and row["because__title"]:
        return _("因为您借过《%(title)s》") % {"title": row["because__title"]}
    if row["reason"] == ReasonKind.CONTENT and row["because__title"]:
        return _("与您借过的《%(title)s》主题相近") % {"title": row["because__title"]}
    if row["reason"] == ReasonKind.SEGMENT and row["segment"]:
        name = segment_name(segments.get(row["segment"]), row["segment"])
        return _("在“%(segment)s”读者中很受欢迎") % {"segment": name}
    return _("全馆读者近来常借")


def book_suggestions(*, reader_id: int, limit: int = 10) -> list[BookSuggestion]:
    """The reader's list as stored, best first: plain values, not model rows (the
    API serves this on every visit to a reader's home screen)."""
    rows = list(
        Recommendation.objects.filter(reader_id=reader_id, record__is_deleted=False)
        .order_by("rank")
        .values(
            "rank",
            "reason",
            "segment",
            "record_id",
            "record__title",
            "record__responsibility",
            "because__title",
        )[:limit]
    )
    codes = {r["segment"] for r in rows if r["segment"]}
    segments = {s.code: s for s in Segment.objects.filter(code__in=codes)} if codes else {}
    return [
        BookSuggestion(
            record_id=r["record_id"],
            title=r["record__title"],
            responsibility=r["record__responsibility"],
            reason=_book_reason(r, segments),
            rank=r["rank"],
        )
        for r in rows
    ]


def _event_reason(rec: EventRecommendation) -> str:
    if rec.reason == EventReasonKind.THEME and rec.clc_top:
        return _("与您常读的“%(clc)s”类图书相关") % {"clc": clc_name(rec.clc_top)}
    if rec.reason == EventReasonKind.ATTENDED:
        return _("您参加过同类活动")
    return _("在您常去的图书馆举办")


def event_suggestions(*, reader_id: int, limit: int = 5) -> list[EventSuggestion]:
    rows = (
        EventRecommendation.objects.filter(reader_id=reader_id, event__status="published")
        .select_related("event")
        .only("rank", "reason", "clc_top", "event__title_zh", "event__title_en", "event__status")
        .order_by("rank")[:limit]
    )
    return [EventSuggestion(r.event, _event_reason(r), r.rank) for r in rows]


def last_training() -> TrainingRun | None:
    return TrainingRun.objects.filter(status="done").order_by("-finished_at").first()


@dataclass(frozen=True)
class SegmentRow:
    segment: Segment
    name: str
    rule: str
    members: int | None  # None: fewer than 10 within the actor's libraries
    by_library: list[tuple[str, int | None]]
    hidden_libraries: int
    traits: list[str]


def _traits(profile: dict) -> list[str]:
    out = []
    for clc, share in profile.get("clc", []):
        out.append(_("%(clc)s 占 %(pct)s%%") % {"clc": clc_name(clc), "pct": round(share * 100)})
    if profile.get("loans_per_month") is not None:
        out.append(_("每月借阅中位数 %(n)s 册") % {"n": profile["loans_per_month"]})
    if profile.get("evening_weekend") is not None:
        pct = round(profile["evening_weekend"] * 100)
        out.append(_("晚间与周末借阅 %(pct)s%%") % {"pct": pct})
    if profile.get("foreign"):
        out.append(_("外文图书 %(pct)s%%") % {"pct": round(profile["foreign"] * 100)})
    return out


def segment_list(*, actor) -> list[SegmentRow]:
    """Every segment with its counts within the actor's libraries (where they hold
    AUDIENCE_MANAGE): in all, and per preferred library, each hidden below 10."""
    scope = library_scope(actor, Perm.AUDIENCE_MANAGE)
    members = SegmentMember.objects.all()
    if scope is not None:
        members = members.filter(library_id__in=scope)
    counts: dict[int, dict[int | None, int]] = {}
    for segment_id, library_id, n in (
        members.values("segment_id", "library_id")
        .annotate(n=Count("pk"))
        .values_list("segment_id", "library_id", "n")
    ):
        counts.setdefault(segment_id, {})[library_id] = n
    library_ids = sorted({lib for c in counts.values() for lib in c if lib})
    libraries = {lib.pk: lib for lib in libraries_by_ids(library_ids=library_ids)}
    rows = []
    for segment in Segment.objects.order_by("pk"):
        per = counts.get(segment.pk, {})
        shown = [
            (
                translated(libraries[lib], "name"),
                suppressed(n, settings.WENLAN_ANALYTICS_MIN_READERS),
            )
            for lib, n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0] or 0))
            if lib in libraries
        ]
        rows.append(
            SegmentRow(
                segment=segment,
                name=segment_name(segment),
                rule=str(SEGMENT_RULES.get(segment.code, "")),
                members=suppressed(sum(per.values()), settings.WENLAN_ANALYTICS_MIN_READERS),
                by_library=[(name, n) for name, n in shown if n is not None],
                hidden_libraries=sum(1 for _name, n in shown if n is None),
                traits=_traits(segment.profile),
            )
        )
    return rows


def segment_get(*, segment_id: int) -> Segment | None:
    return Segment.objects.filter(pk=segment_id).first()


def announcement_list(*, limit: int = 50) -> list[SegmentAnnouncement]:
    return list(
        SegmentAnnouncement.objects.select_related("segment", "event").order_by("-sent_at")[:limit]
    )


def events_to_announce(*, actor, limit: int = 100) -> list[Event]:
    """Published events the actor may announce (their libraries' or any, for the
    network's staff), soonest first."""
    scope = library_scope(actor, Perm.AUDIENCE_MANAGE)
    seen, events = set(), []
    for entry in calendar_entries(CalendarFilters(date_from=clock.today()), limit=500):
        event = entry.occurrence.event
        if event.pk in seen or event.status != "published":
            continue
        library = event.venue.library_id if event.venue_id else event.organiser_library_id
        if scope is not None and library not in scope:
            continue
        seen.add(event.pk)
        events.append(event)
    return events[:limit]
