"""The coordinator's talent pool: search, applications, a volunteer's profile with
the decision, trainings and checks, and the ID number read in full on request."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can
from wenlan.core.errors import NotAuthenticatedError, WenlanError
from wenlan.volunteers import policies
from wenlan.volunteers.forms import DecisionForm, PoolSearchForm, TrainingForm
from wenlan.volunteers.selectors.hours import hours_summary
from wenlan.volunteers.selectors.profiles import (
    PoolFilters,
    applications_waiting,
    pool_search,
    profile_get_for_coordinator,
)
from wenlan.volunteers.services import profiles

POOL_PAGE_SIZE = 100


def staff_required(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()
    ensure_can(request.user, Perm.VOLUNTEER_MANAGE)


@require_safe
def pool(request: HttpRequest) -> HttpResponse:
    staff_required(request)
    form = PoolSearchForm(request.GET or None)
    filters = PoolFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = PoolFilters(
            skill=data["skill"],
            language=data["language"],
            district=data["district"],
            background=data["background"],
            weekday=data["weekday"],
            part=data["part"],
            status=data["status"] or "approved",
            query=data["q"],
        )
    found = pool_search(actor=request.user, filters=filters)
    return render(
        request,
        "volunteers/staff/pool.html",
        {
            "form": form,
            "total": found.count(),
            "profiles": list(found[:POOL_PAGE_SIZE]),
            "waiting": applications_waiting(actor=request.user),
        },
    )


@require_safe
def profile_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    staff_required(request)
    return _detail(request, profile_id)


def _detail(request: HttpRequest, profile_id: int, id_number: str = "") -> HttpResponse:
    profile = profile_get_for_coordinator(actor=request.user, profile_id=profile_id)
    if profile is None:
        raise Http404()
    training_form = TrainingForm(
        initial={
            "trainings": policies.tags_decode(profile.trainings),
            "checks": policies.tags_decode(profile.checks),
        }
    )
    return render(
        request,
        "volunteers/staff/profile.html",
        {
            "profile": profile,
            "summary": hours_summary(profile_id=profile.pk),
            "decision_form": DecisionForm(),
            "training_form": training_form,
            "may_reveal": can(request.user, Perm.VOLUNTEER_IDENTITY),
            "id_number": id_number,
            "slots": policies.slots_of(profile.availability),
        },
    )


def _decide(request: HttpRequest, profile_id: int, *, approve: bool) -> HttpResponse:
    staff_required(request)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        profiles.profile_decide(
            actor=request.user, profile_id=profile_id, approve=approve, note=note
        )
        messages.success(request, _("已通过。") if approve else _("已退回申请。"))
    except WenlanError as error:
        messages.error(request, str(error))
    return redirect("volunteers:staff_profile", profile_id)


@require_POST
def profile_approve(request: HttpRequest, profile_id: int) -> HttpResponse:
    return _decide(request, profile_id, approve=True)


@require_POST
def profile_reject(request: HttpRequest, profile_id: int) -> HttpResponse:
    return _decide(request, profile_id, approve=False)


@require_POST
def profile_training(request: HttpRequest, profile_id: int) -> HttpResponse:
    staff_required(request)
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            profiles.profile_record_training(
                actor=request.user,
                profile_id=profile_id,
                trainings=form.cleaned_data["trainings"],
                checks=form.cleaned_data["checks"],
            )
            messages.success(request, _("已保存。"))
        except WenlanError as error:
            messages.error(request, str(error))
    return redirect("volunteers:staff_profile", profile_id)


@require_POST
def profile_identity(request: HttpRequest, profile_id: int) -> HttpResponse:
    """The number in full, on this response only (never kept in the session)."""
    staff_required(request)
    number = profiles.profile_id_number_reveal(actor=request.user, profile_id=profile_id)
    response = _detail(request, profile_id, id_number=number)
    response["Cache-Control"] = "no-store"
    return response
