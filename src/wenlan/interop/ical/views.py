from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wenlan.core.errors import NotFoundError
from wenlan.core.i18n import translated
from wenlan.events.selectors.events import channel_get, events_for_feed, organiser_get
from wenlan.interop.ical.exporter import calendar_for
from wenlan.network.selectors import library_get


def _response(request: HttpRequest, events, *, name: str, filename: str) -> HttpResponse:
    body = calendar_for(
        events,
        name=name,
        url_for_event=lambda e: request.build_absolute_uri(
            reverse("events:event_detail", args=[e.pk])
        ),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_GET
def city_feed(request: HttpRequest) -> HttpResponse:
    return _response(
        request, events_for_feed(), name=_("文澜 · 全市文化活动"), filename="wenlan-events.ics"
    )


@require_GET
def channel_feed(request: HttpRequest, slug: str) -> HttpResponse:
    channel = channel_get(slug=slug)
    return _response(
        request,
        events_for_feed(channel_slug=channel.slug),
        name=f"{_('文澜')} · {channel.title}",
        filename=f"wenlan-{channel.slug}.ics",
    )


@require_GET
def library_feed(request: HttpRequest, code: str) -> HttpResponse:
    library = library_get(code=code)
    return _response(
        request,
        events_for_feed(library_code=library.code),
        name=f"{_('文澜')} · {library.name}",
        filename=f"wenlan-{library.code}.ics",
    )


@require_GET
def organiser_feed(request: HttpRequest, code: str) -> HttpResponse:
    organiser = organiser_get(code=code)
    return _response(
        request,
        events_for_feed(organiser_code=organiser.code),
        name=f"{_('文澜')} · {translated(organiser, 'name')}",
        filename=f"wenlan-{organiser.code}.ics",
    )


@require_GET
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    events = events_for_feed(event_id=event_id, past_days=3650)
    if not events:
        raise NotFoundError()
    return _response(request, events, name=events[0].title, filename=f"wenlan-event-{event_id}.ics")
