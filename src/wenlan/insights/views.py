"""Staff pages: the dashboard (a library's or the network's, a period), its tables
as Excel, the planning suggestions and the one step from a suggestion to a draft
event or a draft reading list."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can
from wenlan.core import clock
from wenlan.core.errors import NotAuthenticatedError, WenlanError
from wenlan.insights import policies
from wenlan.insights.dashboard import WEEKDAYS, dashboard_figures, libraries_viewable
from wenlan.insights.exports import dashboard_workbook
from wenlan.insights.forms import (
    PeriodForm,
    PlanningForm,
    SuggestionBooklistForm,
    SuggestionEventForm,
)
from wenlan.insights.planning import planning_libraries, planning_topics
from wenlan.insights.services import suggestion_booklist_draft, suggestion_event_draft

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _signed_in(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()


def _dashboard(request: HttpRequest):
    libraries, network_allowed = libraries_viewable(actor=request.user)
    form = PeriodForm(request.GET or None, libraries=libraries, network_allowed=network_allowed)
    period = policies.period_parse(
        request.GET.get("month_from"), request.GET.get("month_to"), clock.localnow().date()
    )
    dashboard = dashboard_figures(actor=request.user, library_id=form.library_id(), period=period)
    return form, dashboard


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _signed_in(request)
    form, board = _dashboard(request)
    if not request.GET:
        form = PeriodForm(
            {
                "view": str(board.library.pk) if board.library else "network",
                "month_from": board.period.month_from,
                "month_to": board.period.month_to,
            },
            libraries=board.libraries,
            network_allowed=board.network_allowed,
        )
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "board": board,
            "figures_json": [f.as_json() for f in board.figures],
            "query": request.GET.urlencode(),
            "labels": {
                "suppressed": _("少于 10 位读者"),
                "weekdays": [str(day) for day in WEEKDAYS],
            },
        },
    )


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Every table (no `figure`) or one figure's table, as the page shows it."""
    _signed_in(request)
    _form, board = _dashboard(request)
    key = request.GET.get("figure") or None
    if key is not None and board.figure(key) is None:
        key = None
    response = HttpResponse(dashboard_workbook(board, figure_key=key), content_type=XLSX)
    scope = f"library-{board.library.code}" if board.library else "network"
    name = f"insights-{key or 'all'}-{scope}-{board.period.month_from}-{board.period.month_to}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_GET
def planning(request: HttpRequest) -> HttpResponse:
    _signed_in(request)
    libraries, network_allowed = planning_libraries(actor=request.user)
    form = PlanningForm(request.GET or None, libraries=libraries, network_allowed=network_allowed)
    plan = planning_topics(
        actor=request.user,
        library_id=form.library_id(),
        weeks=form.weeks_value(),
        today=clock.localnow().date(),
    )
    # A suggestion becomes an event of the library in view, else the actor's first.
    organiser = plan.library or (plan.libraries[0] if plan.libraries else None)
    sections = [
        (
            _("按中图法大类"),
            [(t, t.evidence(plan.windows), t.texts(plan.windows)) for t in plan.classes],
        ),
        (_("按主题词"), [(t, t.evidence(plan.windows), t.texts(plan.windows)) for t in plan.words]),
    ]
    return render(
        request,
        "insights/planning.html",
        {
            "form": form,
            "plan": plan,
            "organiser": organiser,
            "sections": sections,
            "can_booklist": organiser is not None
            and can(request.user, Perm.BOOKLIST_MANAGE, library_id=organiser.pk),
        },
    )


def _draft_from_suggestion(request: HttpRequest, form_class, make, done) -> HttpResponse:
    """A planning suggestion posted with `form_class` made into a draft by `make`
    (the form's cleaned data as arguments, its `library` as `library_id`); then the
    draft's page, `done(draft)`."""
    _signed_in(request)
    planning_libraries(actor=request.user)  # refused before the form is read
    form = form_class(request.POST)
    if not form.is_valid():
        return render(request, "error.html", {"message": form.errors.as_text()}, status=400)
    try:
        data = dict(form.cleaned_data)
        draft = make(actor=request.user, library_id=data.pop("library"), **data)
    except WenlanError as error:
        if error.status in (401, 403, 404):
            raise
        return render(request, "error.html", {"message": str(error)}, status=400)
    return done(draft)


@require_POST
def suggestion_event(request: HttpRequest) -> HttpResponse:
    return _draft_from_suggestion(
        request,
        SuggestionEventForm,
        suggestion_event_draft,
        lambda event: redirect("admin:events_event_change", event.pk),
    )


@require_POST
def suggestion_booklist(request: HttpRequest) -> HttpResponse:
    return _draft_from_suggestion(
        request,
        SuggestionBooklistForm,
        suggestion_booklist_draft,
        lambda book_list: redirect("booklists:staff_edit", list_id=book_list.pk),
    )
