"""Staff pages for classes: a library adopts a course and runs a class, adds its
meetings, scans readers in; the report of every class in the actor's scope."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import NotAuthenticatedError, WenlanError
from wenlan.learning.exports import class_report_workbook
from wenlan.learning.forms import ClassForm, MeetingForm, ScanForm
from wenlan.learning.permissions import class_scope
from wenlan.learning.selectors import classes as selectors
from wenlan.learning.selectors.courses import course_list_published
from wenlan.learning.services import attendance, classes, enrolments
from wenlan.network.selectors import library_list_by_code


def _staff(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()
    ensure_can(request.user, Perm.LEARNING_MANAGE)


def _class_form(request: HttpRequest, data=None) -> ClassForm:
    adoptable = [c for c in course_list_published() if c.format != "online"]
    libraries = library_list_by_code(scope=class_scope(request.user), active_only=True)
    return ClassForm(data, courses=adoptable, libraries=libraries)


@require_safe
def class_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(
        request,
        "learning/staff/class_list.html",
        {
            "classes": selectors.class_list_for_staff(actor=request.user),
            "form": _class_form(request),
        },
    )


@require_POST
def class_new(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = _class_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            course_class = classes.class_create(
                actor=request.user,
                course_id=int(data["course"]),
                library_id=int(data["library"]),
                room=data["room"],
                teacher_name=data["teacher_name"],
                capacity=data["capacity"],
            )
            messages.success(request, _("班级已创建，请添加课次。"))
            return redirect("learning:staff_class", class_id=course_class.pk)
        except WenlanError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "learning/staff/class_list.html",
        {"classes": selectors.class_list_for_staff(actor=request.user), "form": form},
        status=422,
    )


@require_safe
def class_detail(request: HttpRequest, class_id: int) -> HttpResponse:
    _staff(request)
    course_class = selectors.class_get_for_staff(actor=request.user, class_id=class_id)
    return render(
        request,
        "learning/staff/class_detail.html",
        {
            "course_class": course_class,
            "meetings": selectors.class_meetings(course_class=course_class),
            "enrolments": selectors.class_enrolments(course_class=course_class),
            "meeting_form": MeetingForm(),
        },
    )


@require_POST
def meeting_new(request: HttpRequest, class_id: int) -> HttpResponse:
    _staff(request)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            classes.meeting_add(
                actor=request.user,
                class_id=class_id,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
            messages.success(request, _("课次已添加。"))
        except WenlanError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("请填写开始和结束时间。"))
    return redirect("learning:staff_class", class_id=class_id)


@require_POST
def enrolment_cancel(request: HttpRequest, class_id: int, enrolment_id: int) -> HttpResponse:
    _staff(request)
    try:
        enrolments.enrolment_cancel(actor=request.user, enrolment_id=enrolment_id)
        messages.success(request, _("已取消报名。"))
    except WenlanError as error:
        messages.error(request, str(error))
    return redirect("learning:staff_class", class_id=class_id)


@require_http_methods(["GET", "POST"])
def meeting_scan(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Scan (or type) a reader's card or e-card for one meeting."""
    _staff(request)
    meeting = selectors.meeting_get_for_staff(actor=request.user, meeting_id=meeting_id)
    form = ScanForm(request.POST or None)
    result = error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = attendance.attendance_by_scan(
                actor=request.user, meeting_id=meeting.pk, presented=form.cleaned_data["card"]
            )
            form = ScanForm()
        except WenlanError as refusal:
            error = str(refusal)
    return render(
        request,
        "learning/staff/meeting_scan.html",
        {
            "meeting": meeting,
            "form": form,
            "result": result,
            "error": error,
            "starts": timezone.localtime(meeting.starts_at),
        },
    )


@require_safe
def report(request: HttpRequest) -> HttpResponse:
    _staff(request)
    rows = selectors.class_report(actor=request.user)
    return render(
        request,
        "learning/staff/report.html",
        {"rows": rows, "sees_all": class_scope(request.user) is None},
    )


@require_safe
def report_export(request: HttpRequest) -> HttpResponse:
    _staff(request)
    data = class_report_workbook(selectors.class_report(actor=request.user))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="learning-classes.xlsx"'
    return response
