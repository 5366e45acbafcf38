"""The public calendar, events, channels, organisers, staff lists and feeds."""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import organiser_condition
from wenlan.core import clock, rawsql, text
from wenlan.core.cache import process_cached
from wenlan.core.errors import NotFoundError
from wenlan.events.enums import EventStatus, RegistrationStatus
from wenlan.events.models import Channel, Event, Occurrence, Registration
from wenlan.events.permissions import can_on_event
from wenlan.events.policies import bounding_box, distance_km
from wenlan.network.models import Library, Partner

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


@dataclass(frozen=True)
class CalendarFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    library_code: str = ""  # the library and every library beneath it (a district)
    organiser_code: str = ""
    channel_slug: str = ""
    category: str = ""
    age: int | None = None
    free_only: bool = False
    has_seats: bool = False
    query: str = ""
    near: tuple[float, float] | None = None
    radius_km: float = 5.0


@dataclass
class CalendarEntry:
    occurrence: Occurrence
    distance_km: float | None = None


def _library_subtree_ids(code: str) -> set[int]:
    root = Library.objects.filter(code=code).values_list("pk", flat=True).first()
    if root is None:
        return set()
    scope, frontier = {root}, {root}
    while frontier:
        frontier = (
            set(Library.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - scope
        )
        scope |= frontier
    return scope


def event_text_filter(query: str) -> Q:
    condition = Q()
    for word in text.words(query):
        condition &= Q(search_text__contains=word)
    return condition


def calendar_occurrences(filters: CalendarFilters) -> QuerySet[Occurrence]:
    """Published, uncancelled occurrences from `date_from` (today by default), soonest first."""
    since = clock.day_start(filters.date_from) if filters.date_from else clock.now()
    occurrences = (
        Occurrence.objects.filter(
            event__status=EventStatus.PUBLISHED, is_cancelled=False, ends_at__gte=since
        )
        .select_related(
            "event__venue__library", "event__organiser_library", "event__organiser_partner"
        )
        .prefetch_related("event__channels")
        .order_by("starts_at", "pk")
    )
    if filters.date_to:
        occurrences = occurrences.filter(
            starts_at__lt=clock.day_start(filters.date_to + dt.timedelta(days=1))
        )
    if filters.library_code:
        ids = _library_subtree_ids(filters.library_code)
        occurrences = occurrences.filter(
            Q(event__venue__library_id__in=ids) | Q(event__organiser_library_id__in=ids)
        )
    if filters.organiser_code:
        occurrences = occurrences.filter(
            Q(event__organiser_partner__code=filters.organiser_code)
            | Q(event__organiser_library__code=filters.organiser_code)
        )
    if filters.channel_slug:
        occurrences = occurrences.filter(event__channels__slug=filters.channel_slug)
    if filters.category:
        occurrences = occurrences.filter(event__category=filters.category)
    if filters.age is not None:
        occurrences = occurrences.filter(
            Q(event__age_min__isnull=True) | Q(event__age_min__lte=filters.age),
            Q(event__age_max__isnull=True) | Q(event__age_max__gte=filters.age),
        )
    if filters.free_only:
        occurrences = occurrences.filter(event__price=0)
    if filters.has_seats:
        occurrences = occurrences.filter(
            event__registration_required=True, confirmed_count__lt=F("capacity")
        )
    if filters.query.strip():
        occurrences = occurrences.filter(
            event_id__in=Event.objects.filter(event_text_filter(filters.query)).values("pk")
        )
    if filters.near is not None:
        lat, lon = filters.near
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, filters.radius_km)
        occurrences = occurrences.filter(
            event__venue__latitude__range=(min_lat, max_lat),
            event__venue__longitude__range=(min_lon, max_lon),
        )
    return occurrences


def calendar_entries(filters: CalendarFilters, *, limit: int = 200) -> list[CalendarEntry]:
    """Calendar rows; with `near`, only those within the radius, nearest first."""
    if filters.near is None:
        return [CalendarEntry(s) for s in calendar_occurrences(filters)[:limit]]
    occurrences = list(calendar_occurrences(filters))
    lat, lon = filters.near
    entries = []
    for occurrence in occurrences:
        venue = occurrence.event.venue
        distance = distance_km(lat, lon, float(venue.latitude), float(venue.longitude))
        if distance <= filters.radius_km:
            entries.append(CalendarEntry(occurrence, round(distance, 2)))
    entries.sort(key=lambda e: (e.distance_km, e.occurrence.starts_at))
    return entries[:limit]


@dataclass
class EventCard:
    """One event in the calendar list with its next occurrences that match the filters:
    a weekly series is one card, not one card a week."""

    event: Event
    occurrences: list[Occurrence]
    more: int = 0
    distance_km: float | None = None

    @property
    def next_occurrence(self) -> Occurrence:
        return self.occurrences[0]


def calendar_cards(entries: list[CalendarEntry], *, per_card: int = 3) -> list[EventCard]:
    """Group calendar rows by event, keeping the order of each event's first row
    (soonest, or nearest with `near`) and at most `per_card` occurrences on a card."""
    cards: dict[int, EventCard] = {}
    for entry in entries:
        event = entry.occurrence.event
        card = cards.get(event.pk)
        if card is None:
            cards[event.pk] = EventCard(event, [entry.occurrence], 0, entry.distance_km)
        elif len(card.occurrences) < per_card:
            card.occurrences.append(entry.occurrence)
        else:
            card.more += 1
    return list(cards.values())


@dataclass
class MonthDay:
    date: dt.date
    in_month: bool
    occurrences: list[Occurrence] = field(default_factory=list)


def calendar_month(filters: CalendarFilters, *, year: int, month: int) -> list[list[MonthDay]]:
    """Weeks (Monday first) of the month, each day with its occurrences."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    month_filters = CalendarFilters(
        **{**filters.__dict__, "date_from": first, "date_to": last, "near": None}
    )
    by_day: dict[dt.date, list[Occurrence]] = defaultdict(list)
    for occurrence in calendar_occurrences(month_filters):
        by_day[timezone.localtime(occurrence.starts_at).date()].append(occurrence)
    return [
        [MonthDay(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks
    ]


def event_get_public(*, event_id: int, actor=None) -> Event:
    """A published or cancelled event for everyone; drafts only for those who manage it.
    `event.occurrence_list` (in time order) and `event.channel_list` come with it.

    The event's row and its occurrences (the seats) are read fresh, in one hand-written
    statement: this is the page a crowd reloads while seats go. What is around the
    event and rarely changes (venue, organiser, club, channels) is kept in each
    process for WENLAN_EVENT_CACHE_SECONDS, keyed by the event's own references, so
    that pointing the event at another venue or organiser shows at once."""
    event, occurrences = _event_with_occurrences(event_id)
    if event is None:
        raise NotFoundError()
    _attach_surroundings(event)
    event.occurrence_list = occurrences
    if event.status not in PUBLIC_STATUSES and not can_on_event(actor, Perm.EVENT_MANAGE, event):
        raise NotFoundError()
    return event


def event_get_for_change(*, event_id: int) -> Event:
    """An event with what a permission check reads of it (its venue and partner),
    for a service that changes it; NotFoundError when there is none."""
    event = Event.objects.select_related("venue", "organiser_partner").filter(pk=event_id).first()
    if event is None:
        raise NotFoundError()
    return event


def _event_with_occurrences(event_id: int) -> tuple[Event | None, list[Occurrence]]:
    sql = (
        f"SELECT {rawsql.columns(Event, 'e')}, {rawsql.columns(Occurrence, 'o')}"
        f" FROM {Event._meta.db_table} e"
        f" LEFT JOIN {Occurrence._meta.db_table} o ON o.event_id = e.id"
        " WHERE e.id = %s ORDER BY o.starts_at, o.id"
    )
    with rawsql.cursor() as cursor:
        cursor.execute(sql, [event_id])
        rows = cursor.fetchall()
    if not rows:
        return None, []
    width = rawsql.width(Event)
    event = rawsql.instance(Event, rows[0][:width])
    occurrences = [
        rawsql.instance(Occurrence, row[width:]) for row in rows if row[width] is not None
    ]
    for occurrence in occurrences:
        Occurrence.event.field.set_cached_value(occurrence, event)
    return event, occurrences


_SURROUNDINGS = ("venue", "organiser_library", "organiser_partner", "reader_organiser", "club")


def _attach_surroundings(event: Event) -> None:
    key = ("event-surroundings", event.pk) + tuple(
        getattr(event, f"{name}_id") for name in _SURROUNDINGS
    )
    related, channels = process_cached(
        key, lambda: _surroundings(event.pk), ttl=settings.WENLAN_EVENT_CACHE_SECONDS
    )
    for name, value in zip(_SURROUNDINGS, related, strict=True):
        Event._meta.get_field(name).set_cached_value(event, value)
    event.channel_list = channels


def _surroundings(event_id: int) -> tuple[tuple, list[Channel]]:
    event = (
        Event.objects.select_related(
            "venue__library", "organiser_library", "organiser_partner", "reader_organiser", "club"
        )
        .prefetch_related("channels")
        .filter(pk=event_id)
        .first()
    )
    if event is None:  # deleted since its row was read
        return (None,) * len(_SURROUNDINGS), []
    return tuple(getattr(event, name) for name in _SURROUNDINGS), list(event.channels.all())


def channel_list() -> QuerySet[Channel]:
    today_start = clock.day_start(clock.today())
    upcoming = Occurrence.objects.filter(
        event__channels=OuterRef("pk"),
        event__status=EventStatus.PUBLISHED,
        is_cancelled=False,
        ends_at__gte=today_start,
    )
    return (
        Channel.objects.filter(is_active=True)
        .select_related("partner")
        .annotate(has_upcoming=Exists(upcoming))
        .order_by("position", "slug")
    )


def channel_get(*, slug: str) -> Channel:
    channel = Channel.objects.select_related("partner").filter(slug=slug, is_active=True).first()
    if channel is None:
        raise NotFoundError()
    return channel


def organiser_get(*, code: str) -> Library | Partner:
    """A partner or a library by its code (partners first: their codes are lower case)."""
    organiser = (
        Partner.objects.filter(code=code).first() or Library.objects.filter(code=code).first()
    )
    if organiser is None:
        raise NotFoundError()
    return organiser


@dataclass(frozen=True)
class OrganiserIds:
    """An event's organiser as its foreign keys: exactly one of the two is set."""

    library_id: int | None
    partner_id: int | None


def organiser_ids_get(*, code: str) -> OrganiserIds:
    """The organiser with this code (as `organiser_get`), as the ids an event takes."""
    organiser = organiser_get(code=code)
    if isinstance(organiser, Partner):
        return OrganiserIds(library_id=None, partner_id=organiser.pk)
    return OrganiserIds(library_id=organiser.pk, partner_id=None)


def channel_ids_by_slug(*, slugs: list[str]) -> list[int]:
    """The ids of the active channels with these slugs, in id order; NotFoundError
    when any slug names no active channel."""
    ids = dict(Channel.objects.filter(slug__in=slugs, is_active=True).values_list("slug", "pk"))
    if set(slugs) - set(ids):
        raise NotFoundError()
    return sorted(ids.values())


# --- staff ----------------------------------------------------------------------------


def event_list_manageable(*, actor) -> QuerySet[Event]:
    """The events `actor` may manage: their libraries' and their partners' events."""
    events = Event.objects.select_related(
        "organiser_library", "organiser_partner", "venue"
    ).order_by("-pk")
    condition = organiser_condition(actor=actor, perm=Perm.EVENT_MANAGE)
    return events if condition is None else events.filter(condition)


def event_list_for_checkin(*, actor, day: dt.date) -> list[Occurrence]:
    """Today's occurrences whose doors `actor` may keep."""
    occurrences = (
        Occurrence.objects.filter(
            starts_at__gte=clock.day_start(day),
            starts_at__lt=clock.day_start(day + dt.timedelta(days=1)),
            event__status=EventStatus.PUBLISHED,
            event__registration_required=True,
            is_cancelled=False,
        )
        .select_related("event__venue", "event__organiser_partner")
        .annotate(
            attended=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)
            )
        )
        .order_by("starts_at")
    )
    return [s for s in occurrences if can_on_event(actor, Perm.EVENT_CHECKIN, s.event)]


@dataclass(frozen=True)
class AttendanceRow:
    label: str
    registered: int
    attended: int
    no_show: int

    @property
    def rate(self) -> float | None:
        done = self.attended + self.no_show
        return round(self.attended / done, 3) if done else None


def attendance_figures(*, actor, by: str) -> list[AttendanceRow]:
    """Attendance per event, organiser or library, over the events `actor` manages."""
    group = {
        "event": ("occurrence__event__title_zh",),
        "organiser": (
            "occurrence__event__organiser_partner__name_zh",
            "occurrence__event__organiser_library__name_zh",
        ),
        "library": ("occurrence__event__venue__library__name_zh",),
    }[by]
    rows = (
        Registration.objects.filter(occurrence__event__in=event_list_manageable(actor=actor))
        .exclude(status=RegistrationStatus.CANCELLED)
        .values(*group)
        .annotate(
            registered=Count("pk"),
            attended=Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)),
            no_show=Count("pk", filter=Q(status=RegistrationStatus.NO_SHOW)),
        )
        .order_by(*group)
    )
    return [
        AttendanceRow(
            label=next((row[g] for g in group if row[g]), "—"),
            registered=row["registered"],
            attended=row["attended"],
            no_show=row["no_show"],
        )
        for row in rows
    ]


# --- feeds ------------------------------------------------------------------------------


def events_for_feed(
    *,
    channel_slug: str = "",
    library_code: str = "",
    organiser_code: str = "",
    event_id: int | None = None,
    past_days: int = 30,
) -> list[Event]:
    """Published and cancelled events with an occurrence ending at most `past_days` ago."""
    since = clock.now() - dt.timedelta(days=past_days)
    events = (
        Event.objects.filter(status__in=PUBLIC_STATUSES, occurrences__ends_at__gte=since)
        .select_related("venue__library", "organiser_library", "organiser_partner")
        .prefetch_related(
            "channels",
            Prefetch(
                "occurrences",
                queryset=Occurrence.objects.order_by("starts_at", "pk"),
                to_attr="occurrence_list",
            ),
        )
        .distinct()
        .order_by("pk")
    )
    if event_id is not None:
        events = events.filter(pk=event_id)
    if channel_slug:
        events = events.filter(channels__slug=channel_slug)
    if library_code:
        ids = _library_subtree_ids(library_code)
        events = events.filter(Q(venue__library_id__in=ids) | Q(organiser_library_id__in=ids))
    if organiser_code:
        events = events.filter(
            Q(organiser_partner__code=organiser_code) | Q(organiser_library__code=organiser_code)
        )
    return list(events)


def event_exists_external(*, external_uid: str) -> bool:
    return Event.objects.filter(external_uid=external_uid).exists()


def event_categories(*, event_ids: list[int]) -> dict[int, str]:
    """The category of each of these events, by id (the recommendations read a
    reader's past events by category)."""
    return dict(Event.objects.filter(pk__in=event_ids).values_list("pk", "category"))
