from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wenlan.network.enums import LibraryKind, Weekday
from wenlan.network.selectors import (
    library_children_active,
    library_get,
    library_status,
    library_statuses,
    library_weekly_schedule,
)


def library_list_page(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    if kind not in LibraryKind.values:
        kind = None
    statuses = library_statuses(kind=kind)
    if request.GET.get("open") == "1":
        statuses = [s for s in statuses if s.open_now]
    return render(
        request,
        "network/library_list.html",
        {
            "statuses": statuses,
            "kinds": LibraryKind.choices,
            "kind": kind,
            "open_only": request.GET.get("open") == "1",
        },
    )


def library_detail(request: HttpRequest, code: str) -> HttpResponse:
    library = library_get(code=code)
    status = library_status(library)
    schedule = library_weekly_schedule(library)
    return render(
        request,
        "network/library_detail.html",
        {
            "library": library,
            "status": status,
            "week": [(label, schedule.get(day, [])) for day, label in Weekday.choices],
            "exceptions": library.upcoming_exceptions,
            "children": library_children_active(library),
            "map_tiles": settings.WENLAN_MAP_TILE_URL,
            "map_attribution": settings.WENLAN_MAP_ATTRIBUTION,
        },
    )
