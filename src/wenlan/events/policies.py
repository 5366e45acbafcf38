"""Pure rules of the events platform: no database, tested alone."""

import datetime as dt
import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from wenlan.core import text

# No look-alike characters (0/O, 1/I/L): codes are typed at the door.
TICKET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TICKET_LENGTH = 10


def ticket_code_new() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


def ticket_code_normalise(code: str) -> str:
    """What a person typed or a scanner read, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class NoShowRule:
    threshold: int  # this many no-shows…
    window: dt.timedelta  # …within this window…
    block: dt.timedelta  # …block registration this long from the last of them


def no_show_blocked_until(
    no_shows: Iterable[dt.datetime], *, now: dt.datetime, rule: NoShowRule
) -> dt.datetime | None:
    """When a reader may register again, or None if they may now. A block starts at
    the no-show that brings the count within the window to the threshold."""
    times = sorted(no_shows)
    blocked_until = None
    for index, moment in enumerate(times):
        in_window = [t for t in times[: index + 1] if t > moment - rule.window]
        if len(in_window) >= rule.threshold:
            until = moment + rule.block
            if blocked_until is None or until > blocked_until:
                blocked_until = until
    if blocked_until is None or blocked_until <= now:
        return None
    return blocked_until


def registration_window_open(
    *,
    now: dt.datetime,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    occurrence_starts_at: dt.datetime,
) -> bool:
    if opens_at is not None and now < opens_at:
        return False
    if closes_at is not None and now >= closes_at:
        return False
    return now < occurrence_starts_at


def age_fits(age: int, *, age_min: int | None, age_max: int | None) -> bool:
    return (age_min is None or age >= age_min) and (age_max is None or age <= age_max)


EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle, for a cheap DB prefilter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def event_search_text(
    *, title_zh: str, title_en: str, description_zh: str, description_en: str
) -> str:
    """Normalised words of both languages and the pinyin of the Chinese title: what
    the calendar's text search matches (traditional characters, pinyin, initials)."""
    parts = [
        *text.words(f"{title_zh} {title_en}", for_index=True),
        *text.words(f"{description_zh} {description_en}", for_index=True),
        *text.pinyin_tokens(title_zh),
    ]
    return " ".join(dict.fromkeys(parts))


MAX_RECURRENCES = 100


def recurrence_starts(first: dt.datetime, rule: str) -> list[dt.datetime]:
    """The starts of a series from its first start and an RFC 5545 RRULE value
    ("FREQ=WEEKLY;COUNT=8"); at most MAX_RECURRENCES, within a year."""
    from dateutil.rrule import rrulestr

    try:
        recurrence = rrulestr(rule, dtstart=first)
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a recurrence rule: {rule}") from error
    starts = []
    for moment in recurrence:
        if moment > first + dt.timedelta(days=366) or len(starts) >= MAX_RECURRENCES:
            break
        starts.append(moment)
    return starts
