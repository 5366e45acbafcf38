"""A partner's iCalendar feed into Wenlan events, matched by UID.

Each event is imported in its own transaction: a bad event is rejected with its
reason and the others go in; a feed that cannot be read or parsed changes nothing,
and an event missing from a feed is left as it was (feeds often carry only what is
coming), so a broken feed never loses what was imported before."""

import datetime as dt
import re
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Calendar

from wenlan.core.errors import WenlanError
from wenlan.events.enums import EventCategory, EventSource
from wenlan.events.services.events import (
    FeedEvent,
    SessionSpec,
    VenueSpec,
    event_upsert_from_feed,
)

MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_OCCURRENCES = 100
RECURRENCE_HORIZON = dt.timedelta(days=366)
FETCH_TIMEOUT_SECONDS = 30
_HAN = re.compile(r"[\u3400-\u9fff]")

CATEGORY_WORDS = {
    EventCategory.LECTURE: ("讲座", "lecture", "talk", "报告"),
    EventCategory.SALON: ("沙龙", "salon", "读书会"),
    EventCategory.EXHIBITION: ("展览", "exhibition", "展"),
    EventCategory.PERFORMANCE: ("演出", "音乐会", "合唱", "concert", "performance", "戏剧"),
    EventCategory.WORKSHOP: ("工作坊", "workshop", "创客", "手工"),
    EventCategory.CHILDREN: ("少儿", "亲子", "children", "kids"),
    EventCategory.READING: ("阅读", "reading"),
}


class FeedError(Exception):
    """The feed as a whole could not be read."""


@dataclass
class ImportSummary:
    organiser: str
    source: str
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict:
        return {
            "organiser": self.organiser,
            "source": self.source,
            "created": self.created,
            "updated": self.updated,
            "cancelled": self.cancelled,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "error": self.error,
        }


def feed_read(source: str) -> bytes:
    if re.match(r"^https?://", source):
        try:
            with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
                data = response.read(MAX_FEED_BYTES + 1)
        except (OSError, ValueError) as error:
            raise FeedError(f"cannot fetch {source}: {error}") from error
    else:
        path = Path(source)
        if not path.is_file():
            raise FeedError(f"no such file: {source}")
        data = path.read_bytes()[: MAX_FEED_BYTES + 1]
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"feed larger than {MAX_FEED_BYTES} bytes")
    return data


def feed_parse(data: bytes) -> Calendar:
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise FeedError(f"not an iCalendar feed: {error}") from error
    if isinstance(calendar, list) or calendar.name != "VCALENDAR":
        raise FeedError("not an iCalendar feed: expected one VCALENDAR")
    return calendar


def _aware(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    # An all-day event starts at midnight, local time.
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def _text(component, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _category(component) -> str:
    words = " ".join(
        str(c)
        for prop in (component.get("categories") or [])
        for c in (prop.cats if hasattr(prop, "cats") else [prop])
    ).lower()
    words = words + " " + _text(component, "summary").lower()
    for category, keys in CATEGORY_WORDS.items():
        if any(key in words for key in keys):
            return category.value
    return EventCategory.OTHER.value


def _span(component) -> tuple[dt.datetime, dt.datetime]:
    if component.get("dtstart") is None:
        raise ValueError("DTSTART is missing")
    raw_start = component.decoded("dtstart")
    start = _aware(raw_start)
    if component.get("dtend") is not None:
        end = _aware(component.decoded("dtend"))
    elif component.get("duration") is not None:
        end = start + component.decoded("duration")
    elif not isinstance(raw_start, dt.datetime):
        end = start + dt.timedelta(days=1)
    else:
        end = start + dt.timedelta(hours=1)
    if end <= start:
        raise ValueError("DTEND is not after DTSTART")
    return start, end


def _occurrences(master, overrides: list) -> list[tuple[dt.datetime, dt.datetime]]:
    start, end = _span(master)
    length = end - start
    if master.get("rrule") is None:
        starts = [start]
    else:
        rule = rrulestr(master.get("rrule").to_ical().decode(), dtstart=start)
        starts = []
        for moment in rule:
            if moment > start + RECURRENCE_HORIZON or len(starts) >= MAX_OCCURRENCES:
                break
            starts.append(moment)
    excluded = set()
    for exdate in _as_list(master.get("exdate")):
        excluded.update(_aware(d.dt) for d in exdate.dts)
    spans = {s: (s, s + length) for s in starts if s not in excluded}
    for override in overrides:
        recurrence_id = _aware(override.decoded("recurrence-id"))
        if _text(override, "status").upper() == "CANCELLED":
            spans.pop(recurrence_id, None)
        else:
            spans[recurrence_id] = _span(override)
    return sorted(spans.values())


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _titles(summary: str) -> tuple[str, str]:
    """ "中文 / English" (as Wenlan's own feeds write it) splits into both languages."""
    if " / " in summary:
        zh, en = summary.split(" / ", 1)
        if _HAN.search(zh) and not _HAN.search(en):
            return zh.strip(), en.strip()
    return summary, ""


def _feed_event(master, overrides: list) -> FeedEvent:
    uid = _text(master, "uid")
    cancelled = _text(master, "status").upper() == "CANCELLED"
    summary = _text(master, "summary")
    if not summary and not cancelled:
        raise ValueError("SUMMARY is missing")
    title_zh, title_en = _titles(summary)
    spans = [] if cancelled else _occurrences(master, overrides)
    capacity_text = _text(master, "x-wenlan-capacity")
    capacity = int(capacity_text) if capacity_text.isdigit() else 0
    venue = None
    location = _text(master, "location")
    if location:
        geo = master.get("geo")
        venue = VenueSpec(
            name_zh=location[:200],
            latitude=geo.latitude if geo is not None else None,
            longitude=geo.longitude if geo is not None else None,
        )
    sequence_text = _text(master, "sequence")
    return FeedEvent(
        external_uid=uid,
        title_zh=title_zh[:200],
        title_en=title_en[:200],
        description_zh=_text(master, "description"),
        sessions=tuple(SessionSpec(s, e, capacity) for s, e in spans),
        sequence=int(sequence_text) if sequence_text.lstrip("-").isdigit() else 0,
        cancelled=cancelled,
        category=_category(master),
        venue=venue,
        price=Decimal(0),
        registration_required=capacity > 0,
    )


def feed_import(
    *,
    actor,
    data: bytes,
    source: str,
    organiser_code: str,
    organiser_library_id: int | None,
    organiser_partner_id: int | None,
) -> ImportSummary:
    summary = ImportSummary(organiser=organiser_code, source=source)
    try:
        calendar = feed_parse(data)
    except FeedError as error:
        summary.error = str(error)
        return summary
    masters: dict[str, object] = {}
    overrides: dict[str, list] = defaultdict(list)
    for index, component in enumerate(calendar.walk("VEVENT")):
        uid = _text(component, "uid")
        if not uid:
            summary.rejected.append({"uid": f"#{index + 1}", "reason": "UID is missing"})
        elif component.get("recurrence-id") is not None:
            overrides[uid].append(component)
        else:
            masters[uid] = component
    for uid, master in masters.items():
        try:
            item = _feed_event(master, overrides.get(uid, []))
            outcome = event_upsert_from_feed(
                actor=actor,
                item=item,
                source=EventSource.ICAL,
                organiser_library_id=organiser_library_id,
                organiser_partner_id=organiser_partner_id,
            )
        except (ValueError, TypeError, WenlanError) as error:
            summary.rejected.append({"uid": uid, "reason": str(error)})
            continue
        setattr(summary, outcome.action, getattr(summary, outcome.action) + 1)
    for uid in overrides.keys() - masters.keys():
        summary.rejected.append({"uid": uid, "reason": "RECURRENCE-ID without its series"})
    return summary
