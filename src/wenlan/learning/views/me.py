"""The reader's own learning: enrolments, check-in with a code, progress and
certificates (`/me/learning/`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.core.errors import WenlanError
from wenlan.learning.forms import CheckInCodeForm
from wenlan.learning.selectors import classes as class_selectors
from wenlan.learning.selectors.certificates import certificates_of_reader
from wenlan.learning.selectors.progress import course_progress
from wenlan.learning.services import attendance, enrolments
from wenlan.patrons.selectors import reader_of


@login_required
@require_http_methods(["GET", "POST"])
def my_learning(request: HttpRequest) -> HttpResponse:
    reader = reader_of(request.user)
    if reader is None:
        raise Http404()
    form = CheckInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = attendance.attendance_by_code(
                actor=request.user, code=form.cleaned_data["code"]
            )
            if result.created:
                messages.success(request, _("签到成功。"))
            else:
                messages.info(request, _("您已签到过这次课。"))
            return redirect("learning:my_learning")
        except WenlanError as error:
            form.add_error("code", str(error))
    mine = class_selectors.enrolments_of_reader(reader_id=reader.pk)
    rows = [
        (
            enrolment,
            course_progress(reader_id=reader.pk, course=enrolment.course_class.course),
            class_selectors.waitlist_position(enrolment),
        )
        for enrolment in mine
    ]
    return render(
        request,
        "learning/my_learning.html",
        {"rows": rows, "form": form, "certificates": certificates_of_reader(reader_id=reader.pk)},
    )


@login_required
@require_POST
def class_enrol(request: HttpRequest, class_id: int) -> HttpResponse:
    try:
        result = enrolments.enrolment_create(actor=request.user, class_id=class_id)
        if result.enrolment.status == "waitlisted":
            messages.info(request, _("班级已满，您已进入候补名单。"))
        else:
            messages.success(request, _("报名成功。"))
    except WenlanError as error:
        messages.error(request, str(error))
    return redirect("learning:my_learning")


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    try:
        enrolments.enrolment_cancel(actor=request.user, enrolment_id=enrolment_id)
        messages.success(request, _("已取消报名。"))
    except WenlanError as error:
        messages.error(request, str(error))
    return redirect("learning:my_learning")
