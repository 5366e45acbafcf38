import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.core.i18n import translated
from wenlan.core.qr import qr_svg
from wenlan.events.enums import RegistrationStatus
from wenlan.events.forms import CalendarFilterForm, CheckInForm, MonthForm
from wenlan.events.models import Event
from wenlan.events.selectors import events, registrations
from wenlan.events.services.registrations import (
    registration_cancel,
    registration_check_in,
    registration_create,
)
from wenlan.network.selectors import library_list

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _filter_form(request: HttpRequest) -> CalendarFilterForm:
    libraries = library_list().prefetch_related(None)  # names only, not opening hours
    return CalendarFilterForm(request.GET or None, libraries=libraries)


def calendar_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.to_filters()
    cards = events.calendar_cards(events.calendar_entries(filters, limit=100))
    return render(
        request,
        "events/calendar_list.html",
        {"form": form, "cards": cards, "near": filters.near is not None},
    )


def calendar_month(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    year, month = MonthForm(request.GET).year_month(clock.today())
    weeks = events.calendar_month(
        form.to_filters(date_from=None, date_to=None), year=year, month=month
    )
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    query = request.GET.copy()
    query.pop("month", None)
    return render(
        request,
        "events/calendar_month.html",
        {
            "form": form,
            "weeks": weeks,
            "first": first,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "query": query.urlencode(),
            "today": clock.today(),
            "weekdays": [WEEKDAYS_ABBR[day] for day in range(7)],
        },
    )


def event_json_ld(request: HttpRequest, event: Event) -> str:
    """schema.org Event, one per occurrence, as a safe <script> body."""
    venue = event.venue
    location = None
    if venue is not None:
        location = {
            "@type": "Place",
            "name": venue.name,
            "address": venue.full_address,
        }
        if venue.latitude is not None:
            location["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(venue.latitude),
                "longitude": float(venue.longitude),
            }
    organiser = event.organiser
    items = []
    for occurrence in event.occurrence_list:
        item = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "description": event.description,
            "startDate": timezone.localtime(occurrence.starts_at).isoformat(),
            "endDate": timezone.localtime(occurrence.ends_at).isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if event.status == "cancelled" or occurrence.is_cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": request.build_absolute_uri(reverse("events:event_detail", args=[event.pk])),
            "inLanguage": "zh-Hans",
            "isAccessibleForFree": event.is_free,
            "organizer": {
                "@type": "Organization",
                "name": translated(organiser, "name"),
                **({"url": organiser.website} if getattr(organiser, "website", "") else {}),
            },
        }
        if location:
            item["location"] = location
        if event.image_src:
            item["image"] = [request.build_absolute_uri(event.image_src)]
        if event.registration_required and occurrence.capacity:
            item["maximumAttendeeCapacity"] = occurrence.capacity
            item["remainingAttendeeCapacity"] = occurrence.seats_left
            item["offers"] = {
                "@type": "Offer",
                "price": str(event.price),
                "priceCurrency": "CNY",
                "availability": "https://schema.org/InStock"
                if occurrence.seats_left
                else "https://schema.org/SoldOut",
                "url": item["url"],
            }
        if event.age_min is not None or event.age_max is not None:
            item["typicalAgeRange"] = (
                f"{event.age_min or 0}-{event.age_max}"
                if event.age_max is not None
                else f"{event.age_min}-"
            )
        items.append(item)
    body = items[0] if len(items) == 1 else items
    return mark_safe(json.dumps(body, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = events.event_get_public(event_id=event_id, actor=request.user)
    now = clock.now()
    standing = registrations.event_standing(actor=request.user, event_id=event.pk, now=now)
    occurrences = [
        {
            "occurrence": s,
            "mine": standing.mine.get(s.pk),
            "open": s.starts_at > now and not s.is_cancelled,
        }
        for s in event.occurrence_list
    ]
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "occurrences": occurrences,
            "json_ld": event_json_ld(request, event),
            "blocked_until": standing.blocked_until,
            "is_reader": standing.reader is not None,
        },
    )


@login_required
@require_POST
def occurrence_register(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    event_id = request.POST.get("event", "")
    try:
        result = registration_create(actor=request.user, occurrence_id=occurrence_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        registration = result.registration
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(
                request,
                _("报名成功！票券码 %(code)s。") % {"code": registration.ticket_code},
            )
        else:
            messages.info(
                request, _("名额已满，您已进入候补名单，有人取消时将自动为您转正并通知您。")
            )
        event_id = str(registration.occurrence.event_id)
    if event_id.isdigit():
        return redirect("events:event_detail", int(event_id))
    return redirect("portal:my_bookings")


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel_view(request: HttpRequest, registration_id: int) -> HttpResponse:
    """GET asks the reader to confirm; only the POST from that page cancels."""
    if request.method == "GET":
        registration = registrations.registration_get_own(
            actor=request.user, registration_id=registration_id
        )
        return render(
            request, "events/registration_cancel_confirm.html", {"registration": registration}
        )
    try:
        registration_cancel(actor=request.user, registration_id=registration_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已取消报名。"))
    return redirect("portal:my_bookings")


@login_required
def ticket(request: HttpRequest, ticket_code: str) -> HttpResponse:
    registration = registrations.ticket_get(actor=request.user, ticket_code=ticket_code)
    return render(
        request,
        "events/ticket.html",
        {"registration": registration, "qr": mark_safe(qr_svg(registration.ticket_code))},  # noqa: S308
    )


@login_required
def ticket_qr(request: HttpRequest, ticket_code: str) -> HttpResponse:
    registration = registrations.ticket_get(actor=request.user, ticket_code=ticket_code)
    response = HttpResponse(qr_svg(registration.ticket_code), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def channel_list_page(request: HttpRequest) -> HttpResponse:
    return render(request, "events/channel_list.html", {"channels": events.channel_list()})


def channel_detail(request: HttpRequest, slug: str) -> HttpResponse:
    channel = events.channel_get(slug=slug)
    form = _filter_form(request)
    entries = events.calendar_entries(form.to_filters(channel_slug=channel.slug), limit=100)
    return render(
        request,
        "events/channel_detail.html",
        {"channel": channel, "cards": events.calendar_cards(entries), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_checkin(request: HttpRequest) -> HttpResponse:
    """A page for a phone at the door: scan (where the browser can) or type a ticket
    code, or a reader's e-card or card number at the occurrence chosen; see the
    answer in large type, and the field is ready for the next person."""
    ensure_can(request.user, Perm.EVENT_CHECKIN)
    occurrences = events.event_list_for_checkin(actor=request.user, day=clock.today())
    form = CheckInForm(request.POST or None, occurrences=occurrences)
    result, error = None, None
    if request.method == "POST" and form.is_valid():
        kept = form.cleaned_data["occurrence"]
        try:
            result = registration_check_in(
                actor=request.user, code=form.cleaned_data["code"], occurrence_id=kept
            )
        except WenlanError as refused:
            error = str(refused)
        form = CheckInForm(initial={"occurrence": kept}, occurrences=occurrences)
    status = 200 if error is None else 422
    return render(
        request,
        "events/staff_checkin.html",
        {"form": form, "result": result, "error": error, "occurrences": occurrences},
        status=status,
    )


@login_required
def staff_attendance(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.EVENT_MANAGE)
    by = request.GET.get("by", "event")
    if by not in ("event", "organiser", "library"):
        by = "event"
    rows = events.attendance_figures(actor=request.user, by=by)
    return render(request, "events/staff_attendance.html", {"rows": rows, "by": by})
