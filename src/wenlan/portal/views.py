import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wenlan.catalog.selectors.records import records_new_arrivals
from wenlan.core import clock
from wenlan.events.selectors.events import CalendarFilters, calendar_entries
from wenlan.network.enums import LibraryKind
from wenlan.network.selectors import library_statuses

COMING_DAYS = 7


def home(request: HttpRequest) -> HttpResponse:
    statuses = library_statuses()
    today = clock.today()
    return render(
        request,
        "portal/home.html",
        {
            "open_count": sum(1 for s in statuses if s.open_now),
            "library_count": len(statuses),
            "featured": [s for s in statuses if s.library.kind == LibraryKind.THEMED_BRANCH][:6],
            "coming": calendar_entries(
                CalendarFilters(date_to=today + dt.timedelta(days=COMING_DAYS)), limit=6
            ),
            "arrivals": records_new_arrivals(limit=8),
        },
    )
