"""Events as iCalendar (RFC 5545): one VEVENT per occurrence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from icalendar import Calendar, vGeo
from icalendar import Event as VEvent

from wenlan.core import clock

if TYPE_CHECKING:
    from wenlan.events.models import Event

PRODID = "-//Wenlan//Wenlan events//ZH"


def occurrence_uid(event: Event, occurrence) -> str:
    """A single-occurrence event keeps its own UID; a series gives each occurrence one."""
    if len(event.occurrence_list) == 1:
        return event.uid
    return f"{occurrence.pk}.{event.uid}"


def calendar_for(events: Iterable[Event], *, name: str, url_for_event) -> bytes:
    """`events` come from `events_for_feed` (occurrences prefetched as `occurrence_list`)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = clock.now()
    for event in events:
        for occurrence in event.occurrence_list:
            calendar.add_component(
                _vevent(event, occurrence, stamp=stamp, url=url_for_event(event))
            )
    return calendar.to_ical()


def _vevent(event: Event, occurrence, *, stamp, url: str) -> VEvent:
    item = VEvent()
    item.add("uid", occurrence_uid(event, occurrence))
    item.add("dtstamp", stamp)
    item.add("dtstart", occurrence.starts_at)
    item.add("dtend", occurrence.ends_at)
    item.add("summary", event.title_zh + (f" / {event.title_en}" if event.title_en else ""))
    description = "\n\n".join(d for d in (event.description_zh, event.description_en) if d)
    if description:
        item.add("description", description)
    item.add("url", url)
    item.add("sequence", event.source_sequence)
    item.add("last-modified", event.updated_at)
    item.add("categories", [event.get_category_display()])
    cancelled = event.status == "cancelled" or occurrence.is_cancelled
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser = event.organiser
    item.add(
        "organizer",
        f"urn:wenlan:organiser:{organiser.code}",
        parameters={
            "CN": organiser.name_zh,
        },
    )
    if event.venue is not None:
        venue = event.venue
        with translation.override("zh-hans"):  # the feed's text is Chinese first
            item.add("location", venue.full_address)
        if venue.latitude is not None and venue.longitude is not None:
            item.add("geo", vGeo((float(venue.latitude), float(venue.longitude))))
    if event.registration_required and occurrence.capacity:
        item.add("x-wenlan-capacity", str(occurrence.capacity))
    return item
