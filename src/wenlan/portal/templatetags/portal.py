"""What a library's page (network) shows of the apps above it."""

import datetime as dt

from django import template

from wenlan.core import clock
from wenlan.events.selectors.events import CalendarFilters, calendar_entries

register = template.Library()

LIBRARY_COMING_DAYS = 30


@register.inclusion_tag("portal/_library_events.html")
def library_coming_events(library, limit: int = 5) -> dict:
    """The coming occurrences held at or organised by this library (and those beneath it)."""
    today = clock.today()
    return {
        "library": library,
        "entries": calendar_entries(
            CalendarFilters(
                library_code=library.code,
                date_to=today + dt.timedelta(days=LIBRARY_COMING_DAYS),
            ),
            limit=limit,
        ),
    }
