"""The coordinator's projects and shifts: make them, see a shift's code and QR,
its volunteers and suggestions, approve hours, cancel or move a shift, export."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wenlan.core.errors import WenlanError
from wenlan.core.qr import qr_svg
from wenlan.network.selectors import library_list_by_code
from wenlan.volunteers.exports import hours_workbook
from wenlan.volunteers.forms import (
    HoursForm,
    OpportunityForm,
    ShiftCancelForm,
    ShiftForm,
    ShiftTimesForm,
)
from wenlan.volunteers.selectors import shifts as selectors
from wenlan.volunteers.selectors.hours import hours_pending
from wenlan.volunteers.selectors.matching import shift_suggestions
from wenlan.volunteers.services import exports, hours, shifts
from wenlan.volunteers.services.shifts import OpportunityData
from wenlan.volunteers.views.staff_pool import staff_required


def _opportunity_form(data=None) -> OpportunityForm:
    return OpportunityForm(data, libraries=library_list_by_code(active_only=True))


@require_safe
def opportunity_list(request: HttpRequest) -> HttpResponse:
    staff_required(request)
    return render(
        request,
        "volunteers/staff/opportunities.html",
        {
            "opportunities": list(selectors.opportunity_list(actor=request.user)),
            "form": _opportunity_form(),
        },
    )


@require_POST
def opportunity_new(request: HttpRequest) -> HttpResponse:
    staff_required(request)
    form = _opportunity_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        opportunity = shifts.opportunity_create(
            actor=request.user,
            data=OpportunityData(
                title_zh=data["title_zh"],
                title_en=data["title_en"],
                description_zh=data["description_zh"],
                description_en=data["description_en"],
                library_id=int(data["library"]),
                district=data["district"],
                needs_skills=data["needs_skills"],
                needs_trainings=data["needs_trainings"],
            ),
        )
        return redirect("volunteers:staff_opportunity", opportunity.pk)
    return render(
        request,
        "volunteers/staff/opportunities.html",
        {"opportunities": list(selectors.opportunity_list(actor=request.user)), "form": form},
        status=422,
    )


def _shift_form(data=None) -> ShiftForm:
    return ShiftForm(data, occurrences=selectors.occurrences_asking())


@require_safe
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    staff_required(request)
    return _opportunity_page(request, opportunity_id, _shift_form())


def _opportunity_page(request, opportunity_id: int, form: ShiftForm, status: int = 200):
    opportunity = selectors.opportunity_get(actor=request.user, opportunity_id=opportunity_id)
    if opportunity is None:
        raise Http404()
    return render(
        request,
        "volunteers/staff/opportunity.html",
        {
            "opportunity": opportunity,
            "shifts": selectors.shifts_of_opportunity(opportunity_id=opportunity.pk),
            "form": form,
        },
        status=status,
    )


@require_POST
def shift_new(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    staff_required(request)
    form = _shift_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            shift = shifts.shift_create(
                actor=request.user,
                opportunity_id=opportunity_id,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
                occurrence_id=data["occurrence"],
            )
            messages.success(request, _("班次已添加。"))
            return redirect("volunteers:staff_shift", shift.pk)
        except WenlanError as error:
            form.add_error(getattr(error, "field", None), str(error))
    return _opportunity_page(request, opportunity_id, form, status=422)


@require_safe
def shift_detail(request: HttpRequest, shift_id: int) -> HttpResponse:
    staff_required(request)
    shift = selectors.shift_get(shift_id=shift_id)
    if shift is None:
        raise Http404()
    punch_url = request.build_absolute_uri(reverse("volunteers:me")) + f"?code={shift.checkin_code}"
    return render(
        request,
        "volunteers/staff/shift.html",
        {
            "shift": shift,
            "signups": selectors.signups_of_shift(shift_id=shift.pk),
            "suggestions": shift_suggestions(actor=request.user, shift=shift),
            "qr": qr_svg(punch_url),
            "punch_url": punch_url,
            "hours_form": HoursForm(),
            "cancel_form": ShiftCancelForm(),
            "times_form": ShiftTimesForm(
                initial={"starts_at": shift.starts_at, "ends_at": shift.ends_at}
            ),
        },
    )


@require_POST
def shift_cancel(request: HttpRequest, shift_id: int) -> HttpResponse:
    staff_required(request)
    form = ShiftCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请说明取消原因。"))
    else:
        try:
            shifts.shift_cancel(
                actor=request.user, shift_id=shift_id, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("班次已取消，已通知报名的志愿者。"))
        except WenlanError as error:
            messages.error(request, str(error))
    return redirect("volunteers:staff_shift", shift_id)


@require_POST
def shift_reschedule(request: HttpRequest, shift_id: int) -> HttpResponse:
    staff_required(request)
    form = ShiftTimesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("结束时间须晚于开始时间。"))
    else:
        try:
            shifts.shift_reschedule(
                actor=request.user,
                shift_id=shift_id,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
            messages.success(request, _("班次时间已更改，已通知报名的志愿者。"))
        except WenlanError as error:
            messages.error(request, str(error))
    return redirect("volunteers:staff_shift", shift_id)


@require_safe
def hours_queue(request: HttpRequest) -> HttpResponse:
    staff_required(request)
    return render(
        request,
        "volunteers/staff/hours.html",
        {"pending": hours_pending(), "hours_form": HoursForm()},
    )


@require_POST
def hours_approve(request: HttpRequest, signup_id: int) -> HttpResponse:
    staff_required(request)
    form = HoursForm(request.POST)
    back = request.POST.get("back") == "shift"
    if not form.is_valid():
        messages.error(request, _("服务时长有误。"))
    else:
        try:
            signup = hours.hours_approve(
                actor=request.user,
                signup_id=signup_id,
                minutes=form.cleaned_data["minutes"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("服务时长已认定。"))
            if back:
                return redirect("volunteers:staff_shift", signup.shift_id)
        except WenlanError as error:
            messages.error(request, str(error))
    return redirect("volunteers:staff_hours")


@require_safe
def hours_export(request: HttpRequest) -> HttpResponse:
    staff_required(request)
    content = hours_workbook(exports.hours_export_rows(actor=request.user))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="volunteer-hours.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
