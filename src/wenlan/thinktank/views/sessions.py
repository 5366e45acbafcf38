"""The two-sessions (两会) desk: the requests from deputies and members, who
answers them and by when, the answers with their sources, and the desk's log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.thinktank import selectors
from wenlan.thinktank.forms import DeskLogForm, SessionRequestForm
from wenlan.thinktank.permissions import ensure_editor
from wenlan.thinktank.services import sessions as services


@login_required
@require_http_methods(["GET", "POST"])
def session_desk(request: HttpRequest) -> HttpResponse:
    ensure_editor(request.user)
    form = SessionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_request_create(actor=request.user, **form.cleaned_data)
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("咨询已登记。"))
            return redirect("thinktank:session_desk")
    return render(
        request,
        "thinktank/session_desk.html",
        {
            "form": form,
            "log_form": DeskLogForm(),
            "requests": selectors.session_request_list(actor=request.user),
            "log": selectors.desk_log(actor=request.user),
            "editors": selectors.editor_choices(actor=request.user),
            "now": clock.now(),
        },
    )


def _back(request: HttpRequest, call, ok: str) -> HttpResponse:
    try:
        call()
    except WenlanError as error:
        if error.status in (401, 403):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, ok)
    return redirect("thinktank:session_desk")


def _int(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


@login_required
@require_POST
def session_request_assign(request: HttpRequest, request_id: int) -> HttpResponse:
    return _back(
        request,
        lambda: services.session_request_assign(
            actor=request.user, request_id=request_id, assignee_id=_int(request, "assignee")
        ),
        _("已指派。"),
    )


@login_required
@require_POST
def session_request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    return _back(
        request,
        lambda: services.session_request_answer(
            actor=request.user,
            request_id=request_id,
            answer=request.POST.get("answer", ""),
            sources=request.POST.get("sources", ""),
        ),
        _("答复已保存。"),
    )


@login_required
@require_POST
def desk_log_add(request: HttpRequest) -> HttpResponse:
    return _back(
        request,
        lambda: services.desk_log_add(
            actor=request.user,
            place=request.POST.get("place", ""),
            note=request.POST.get("note", ""),
        ),
        _("服务记录已添加。"),
    )
