"""Enterprise technology consulting: one page for both sides — the enterprise's
contact files requests and accepts reports or asks for more; think-tank editors
assign, deliver reports and see the turnaround figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, partner_scope
from wenlan.accounts.selectors import role_partner_id_by_code
from wenlan.core.errors import PermissionDeniedError, WenlanError
from wenlan.thinktank import selectors
from wenlan.thinktank.enums import ConsultingStatus
from wenlan.thinktank.permissions import ensure_editor
from wenlan.thinktank.services import consulting as services


def _partner_ids(user) -> list[int] | None:
    scope = partner_scope(user, Perm.ENTERPRISE_REQUEST)
    return None if scope is None else sorted(scope)


@login_required
def consulting_page(request: HttpRequest) -> HttpResponse:
    is_editor = can(request.user, Perm.THINKTANK_EDIT)
    is_enterprise = can(request.user, Perm.ENTERPRISE_REQUEST)
    if not (is_editor or is_enterprise):
        raise PermissionDeniedError()
    partners = _partner_ids(request.user) if is_enterprise else []
    turnaround = selectors.consulting_turnaround(actor=request.user) if is_editor else None
    return render(
        request,
        "thinktank/consulting.html",
        {
            "requests": selectors.consulting_list(actor=request.user),
            "is_editor": is_editor,
            "is_enterprise": is_enterprise,
            "single_partner": partners[0] if partners and len(partners) == 1 else None,
            "editors": selectors.editor_choices(actor=request.user) if is_editor else [],
            "turnaround": turnaround,
            "status_counts": [
                (label, turnaround.by_status[value]) for value, label in ConsultingStatus.choices
            ]
            if turnaround
            else [],
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
    return redirect("thinktank:consulting")


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


@login_required
@require_POST
def consulting_file(request: HttpRequest) -> HttpResponse:
    partner_id = _int(request.POST.get("partner", ""))
    if not partner_id and request.POST.get("partner_code"):
        partner_id = role_partner_id_by_code(code=request.POST["partner_code"][:50]) or 0
    return _back(
        request,
        lambda: services.consulting_file(
            actor=request.user,
            partner_id=partner_id,
            title=request.POST.get("title", ""),
            question=request.POST.get("question", ""),
        ),
        _("咨询已提交，图书馆将指派专人处理。"),
    )


@login_required
@require_POST
def consulting_assign(request: HttpRequest, request_id: int) -> HttpResponse:
    return _back(
        request,
        lambda: services.consulting_assign(
            actor=request.user,
            request_id=request_id,
            assignee_id=_int(request.POST.get("assignee", "")),
        ),
        _("已指派。"),
    )


@login_required
@require_POST
def consulting_deliver(request: HttpRequest, request_id: int) -> HttpResponse:
    upload = request.FILES.get("report")
    if upload is None:
        ensure_editor(request.user)
        messages.error(request, _("请选择报告文件。"))
        return redirect("thinktank:consulting")
    return _back(
        request,
        lambda: services.consulting_deliver(
            actor=request.user,
            request_id=request_id,
            upload=upload,
            comment=request.POST.get("comment", ""),
        ),
        _("报告已交付。"),
    )


@login_required
@require_POST
def consulting_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    return _back(
        request,
        lambda: services.consulting_accept(actor=request.user, request_id=request_id),
        _("已验收。"),
    )


@login_required
@require_POST
def consulting_more(request: HttpRequest, request_id: int) -> HttpResponse:
    return _back(
        request,
        lambda: services.consulting_ask_more(
            actor=request.user, request_id=request_id, comment=request.POST.get("comment", "")
        ),
        _("补充要求已发给图书馆。"),
    )


@login_required
def consulting_report(request: HttpRequest, request_id: int):
    found = selectors.consulting_get(actor=request.user, request_id=request_id)
    if not found.report or not found.report.storage.exists(found.report.name):
        raise Http404()
    return FileResponse(
        found.report.open("rb"), as_attachment=True, filename=found.report_name or "report"
    )
