import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wenlan.catalog.selectors.records import records_new_arrivals
from wenlan.core import clock
from wenlan.events.selectors.events import CalendarFilters, calendar_entries
from wenlan.events.selectors.registrations import reader_blocked_until, registration_list_own
from wenlan.network.enums import LibraryKind
from wenlan.network.selectors import library_statuses
from wenlan.patrons.selectors import reader_of
from wenlan.spaces.selectors import booking_list_own

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


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    """A reader's event registrations and space bookings on one page."""
    registrations = registration_list_own(actor=request.user)
    reader = reader_of(request.user)
    now = clock.now()
    return render(
        request,
        "portal/my_bookings.html",
        {
            "upcoming": sorted(
                (r for r in registrations if r.occurrence.ends_at >= now),
                key=lambda r: (r.occurrence.starts_at, r.pk),
            ),
            "past": [r for r in registrations if r.occurrence.ends_at < now],
            "blocked_until": reader_blocked_until(reader_id=reader.pk, now=now)
            if reader is not None
            else None,
            "bookings": booking_list_own(actor=request.user),
        },
    )
