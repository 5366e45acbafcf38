"""A partner's iCalendar feed into Wenlan events, matched by UID.

Each event is imported in its own transaction: a bad event is rejected with its
reason and the others go in; a feed that cannot be read or parsed changes nothing,
and an event missing from a feed is left as it was (feeds often carry only what is
coming), so a broken feed never loses what was imported before."""

import datetime as dt
import re
import tempfile
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Component

from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.events.enums import EventCategory, EventSource
from wenlan.events.services.events import FeedEvent, VenueSpec, event_upsert_from_feed
from wenlan.events.services.occurrences import OccurrenceSpec

# The feed is read twice from a file, one event at a time, so its size bounds
# the disk it takes, not the memory.
MAX_FEED_BYTES = 64 * 1024 * 1024
MAX_EVENT_BYTES = 256 * 1024
MAX_OCCURRENCES = 100
RECURRENCE_HORIZON = dt.timedelta(days=366)
# Farther than this is a typing error (the year 9999), not a programme.
MAX_FUTURE = dt.timedelta(days=10 * 366)
MAX_PAST = dt.timedelta(days=10 * 366)
MAX_LENGTH = dt.timedelta(days=366)
MAX_CAPACITY = 100_000
MAX_UID_LENGTH = 255
INT32_MAX = 2**31 - 1
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
    """What one run did: `imported` counts events created, updated or cancelled,
    `skipped` those already up to date (or repeated later in the feed), `failed`
    the events left out, each with its reason."""

    organiser: str
    source: str
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    repeated: int = 0
    failed: list[dict] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict:
        return {
            "organiser": self.organiser,
            "source": self.source,
            "imported": self.created + self.updated + self.cancelled,
            "skipped": self.unchanged + self.repeated,
            "failed": len(self.failed),
            "created": self.created,
            "updated": self.updated,
            "cancelled": self.cancelled,
            "unchanged": self.unchanged,
            "failures": self.failed,
            "error": self.error,
        }

    def fail(self, uid: str, reason: str) -> None:
        self.failed.append({"uid": uid, "reason": reason})


@contextmanager
def feed_open(source: str) -> Iterator[BinaryIO]:
    """The feed as a seekable file: a local file as it is, a URL copied to a
    temporary file in chunks."""
    if re.match(r"^https?://", source):
        with tempfile.TemporaryFile() as copy:
            try:
                with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
                    while chunk := response.read(1024 * 1024):
                        copy.write(chunk)
                        if copy.tell() > MAX_FEED_BYTES:
                            raise FeedError(f"feed larger than {MAX_FEED_BYTES} bytes")
            except (OSError, ValueError) as error:
                raise FeedError(f"cannot fetch {source}: {error}") from error
            copy.seek(0)
            yield copy
        return
    path = Path(source)
    if not path.is_file():
        raise FeedError(f"no such file: {source}")
    if path.stat().st_size > MAX_FEED_BYTES:
        raise FeedError(f"feed larger than {MAX_FEED_BYTES} bytes")
    with path.open("rb") as stream:
        yield stream


@dataclass
class _Block:
    """One top-level component of the feed: where it starts, and what a quick
    look at its lines tells (the UID, whether it overrides one occurrence)."""

    name: str
    offset: int
    index: int
    uid: str = ""
    is_override: bool = False
    problem: str | None = None


def _unfolded(lines: list[bytes]) -> Iterator[bytes]:
    current = b""
    for line in lines:
        line = line.rstrip(b"\r\n")
        if line[:1] in (b" ", b"\t"):
            current += line[1:]
            continue
        if current:
            yield current
        current = line
    if current:
        yield current


def _property_value(line: bytes, name: bytes) -> bytes | None:
    head, colon, value = line.partition(b":")
    if colon and head.split(b";", 1)[0].upper() == name:
        return value
    return None


def _blocks(stream: BinaryIO, *, with_text: bool) -> Iterator[tuple[_Block, bytes]]:
    """The feed's top-level components one by one, without holding more than one
    in memory. Raises FeedError when the feed is not one VCALENDAR."""
    stream.seek(0)
    offset = 0
    depth = 0
    seen_calendar = False
    closed = False
    lines: list[bytes] = []
    size = 0
    block: _Block | None = None
    index = 0
    for raw in stream:
        here = offset
        offset += len(raw)
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            continue
        upper = line.upper()
        if not seen_calendar:
            if upper.lstrip(b"\xef\xbb\xbf") != b"BEGIN:VCALENDAR":
                raise FeedError("not an iCalendar feed: expected one VCALENDAR")
            seen_calendar = True
            continue
        if closed:
            raise FeedError("not an iCalendar feed: text after END:VCALENDAR")
        if depth == 0:
            if upper == b"END:VCALENDAR":
                closed = True
                continue
            if upper.startswith(b"BEGIN:"):
                index += 1
                block = _Block(name=upper[6:].decode("ascii", "replace"), offset=here, index=index)
                lines, size, depth = [raw], len(raw), 1
            continue  # the calendar's own properties
        size += len(raw)
        if size <= MAX_EVENT_BYTES:
            lines.append(raw)
        if upper.startswith(b"BEGIN:"):
            depth += 1
        elif upper.startswith(b"END:"):
            depth -= 1
            if depth == 0:
                assert block is not None
                if size > MAX_EVENT_BYTES:
                    block.problem = f"component larger than {MAX_EVENT_BYTES} bytes"
                nested = 0
                for prop in _unfolded(lines[1:-1]):
                    prop_upper = prop.upper()
                    if prop_upper.startswith(b"BEGIN:"):
                        nested += 1
                    elif prop_upper.startswith(b"END:"):
                        nested -= 1
                    elif nested == 0:
                        if (uid := _property_value(prop, b"UID")) is not None:
                            block.uid = uid.decode("utf-8", "replace").strip()
                        elif _property_value(prop, b"RECURRENCE-ID") is not None:
                            block.is_override = True
                if b"\x00" in b"".join(lines):
                    block.problem = block.problem or "contains a NUL byte"
                yield block, (b"".join(lines) if with_text and block.problem is None else b"")
                lines, size = [], 0
    if not seen_calendar:
        raise FeedError("not an iCalendar feed: expected one VCALENDAR")
    if depth or not closed:
        raise FeedError("not an iCalendar feed: it ends before END:VCALENDAR")


def _component_at(stream: BinaryIO, offset: int):
    stream.seek(offset)
    lines: list[bytes] = []
    depth = 0
    for raw in stream:
        lines.append(raw)
        upper = raw.rstrip(b"\r\n").upper()
        if upper.startswith(b"BEGIN:"):
            depth += 1
        elif upper.startswith(b"END:"):
            depth -= 1
            if depth == 0:
                break
    return _component(b"".join(lines))


def _component(text: bytes):
    try:
        return Component.from_ical(text)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot be parsed: {error}") from error


def _aware(value, name: str) -> dt.datetime:
    if not isinstance(value, dt.date):
        raise ValueError(f"{name} is not a date")
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
    start = _aware(raw_start, "DTSTART")
    now = clock.now()
    if not now - MAX_PAST <= start <= now + MAX_FUTURE:
        raise ValueError("DTSTART is more than ten years away")
    if component.get("dtend") is not None:
        end = _aware(component.decoded("dtend"), "DTEND")
    elif component.get("duration") is not None:
        length = component.decoded("duration")
        if not isinstance(length, dt.timedelta):
            raise ValueError("DURATION is not a duration")
        if length > MAX_LENGTH:
            raise ValueError("the event lasts more than a year")
        end = start + length
    elif not isinstance(raw_start, dt.datetime):
        end = start + dt.timedelta(days=1)
    else:
        end = start + dt.timedelta(hours=1)
    if end <= start:
        raise ValueError("DTEND is not after DTSTART")
    if end - start > MAX_LENGTH:
        raise ValueError("the event lasts more than a year")
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
        excluded.update(_aware(d.dt, "EXDATE") for d in exdate.dts)
    spans = {s: (s, s + length) for s in starts if s not in excluded}
    for override in overrides:
        recurrence_id = _aware(override.decoded("recurrence-id"), "RECURRENCE-ID")
        if _text(override, "status").upper() == "CANCELLED":
            spans.pop(recurrence_id, None)
        else:
            spans[recurrence_id] = _span(override)
    if len(spans) > MAX_OCCURRENCES:
        raise ValueError(f"more than {MAX_OCCURRENCES} occurrences")
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
    if capacity > MAX_CAPACITY:
        raise ValueError(f"X-WENLAN-CAPACITY is over {MAX_CAPACITY}")
    venue = None
    location = _text(master, "location")
    if location:
        geo = master.get("geo")
        if geo is not None and not (-90 <= geo.latitude <= 90 and -180 <= geo.longitude <= 180):
            raise ValueError("GEO is not a place on Earth")
        venue = VenueSpec(
            name_zh=location[:200],
            latitude=geo.latitude if geo is not None else None,
            longitude=geo.longitude if geo is not None else None,
        )
    sequence_text = _text(master, "sequence")
    sequence = int(sequence_text) if sequence_text.lstrip("-").isdigit() else 0
    if not -INT32_MAX <= sequence <= INT32_MAX:
        raise ValueError("SEQUENCE is out of range")
    return FeedEvent(
        external_uid=uid,
        title_zh=title_zh[:200],
        title_en=title_en[:200],
        description_zh=_text(master, "description"),
        occurrences=tuple(OccurrenceSpec(s, e, capacity) for s, e in spans),
        sequence=sequence,
        cancelled=cancelled,
        category=_category(master),
        venue=venue,
        price=Decimal(0),
        registration_required=capacity > 0,
    )


# What a hostile or broken event can raise while it is decoded: icalendar and
# dateutil signal bad values with these, and dates past the year 9999 overflow.
_EVENT_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)


def feed_import(
    *,
    actor,
    stream: BinaryIO,
    source: str,
    organiser_code: str,
    organiser_library_id: int | None,
    organiser_partner_id: int | None,
) -> ImportSummary:
    """Read the feed twice, one component at a time: first to check its shape and
    note where each event and its overrides are, then to import each series with
    its overrides. Memory is bounded by one series, not by the feed."""
    summary = ImportSummary(organiser=organiser_code, source=source)
    last_master: dict[str, int] = {}
    overrides: dict[str, list[int]] = defaultdict(list)
    try:
        for block, _ in _blocks(stream, with_text=False):
            if block.name != "VEVENT" or block.problem or not block.uid:
                continue
            if block.is_override:
                # One more than the limit is enough to refuse the series.
                if len(overrides[block.uid]) <= MAX_OCCURRENCES:
                    overrides[block.uid].append(block.offset)
            else:
                last_master[block.uid] = block.offset
    except FeedError as error:
        summary.error = str(error)
        return summary
    for block, text in _blocks(stream, with_text=True):
        label = block.uid[:MAX_UID_LENGTH] or f"#{block.index}"
        if block.name == "VTIMEZONE" and not block.problem:
            try:
                _component(text)  # icalendar keeps the zone for the events after it
            except ValueError as error:
                summary.fail(f"VTIMEZONE #{block.index}", str(error))
            continue
        if block.name != "VEVENT":
            continue
        if block.problem:
            summary.fail(label, block.problem)
        elif not block.uid:
            summary.fail(label, "UID is missing")
        elif len(block.uid) > MAX_UID_LENGTH:
            summary.fail(label, f"UID is longer than {MAX_UID_LENGTH} characters")
        elif block.is_override:
            if block.uid not in last_master:
                summary.fail(label, "RECURRENCE-ID without its series")
        elif last_master[block.uid] != block.offset:
            summary.repeated += 1
        elif len(overrides[block.uid]) > MAX_OCCURRENCES:
            summary.fail(label, f"more than {MAX_OCCURRENCES} occurrences")
        else:
            resume = stream.tell()
            try:
                master = _component(text)
                series = [_component_at(stream, offset) for offset in overrides[block.uid]]
                item = _feed_event(master, series)
                outcome = event_upsert_from_feed(
                    actor=actor,
                    item=item,
                    source=EventSource.ICAL,
                    organiser_library_id=organiser_library_id,
                    organiser_partner_id=organiser_partner_id,
                )
            except (*_EVENT_ERRORS, WenlanError) as error:
                summary.fail(label, str(error))
                continue
            finally:
                stream.seek(resume)
            setattr(summary, outcome.action, getattr(summary, outcome.action) + 1)
    return summary
