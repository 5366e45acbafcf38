"""Bulletin pages: the list with new drafts and series, one issue (its sections,
workflow buttons, history and submissions), its PDF and DOCX, and the impact figures."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.core.errors import WenlanError
from wenlan.thinktank import exports, selectors
from wenlan.thinktank.enums import BulletinAction, BulletinStatus, FeedbackKind
from wenlan.thinktank.forms import ClippingFilterForm, FeedbackForm, SeriesForm, SubmissionForm
from wenlan.thinktank.models import BulletinSection, Submission
from wenlan.thinktank.permissions import can_review, ensure_chief, ensure_editor
from wenlan.thinktank.policies import EDITABLE
from wenlan.thinktank.services import bulletins as services
from wenlan.thinktank.services import submissions as submission_services


def _done(request: HttpRequest, bulletin_id: int, call: Callable[[], object], ok: str):
    """Runs a service; its refusal is a message on the issue's page."""
    try:
        call()
    except WenlanError as error:
        if error.status in (401, 403):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, ok)
    return redirect("thinktank:bulletin_detail", bulletin_id)


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_list(request: HttpRequest) -> HttpResponse:
    ensure_editor(request.user)
    series_form = SeriesForm(request.POST or None)
    if request.method == "POST":
        series_id = request.POST.get("series", "")
        try:
            bulletin = services.bulletin_create(
                actor=request.user,
                series_id=int(series_id) if series_id.isdigit() else 0,
                title=request.POST.get("title", ""),
            )
        except WenlanError as error:
            messages.error(request, str(error))
        else:
            return redirect("thinktank:bulletin_detail", bulletin.pk)
    status = request.GET.get("status", "")
    return render(
        request,
        "thinktank/bulletin_list.html",
        {
            "bulletins": list(selectors.bulletin_list(actor=request.user, status=status)[:300]),
            "series": selectors.series_list(actor=request.user),
            "statuses": BulletinStatus.choices,
            "status": status,
            "series_form": SeriesForm() if request.method == "POST" else series_form,
            "can_review": can_review(request.user),
        },
    )


@login_required
@require_POST
def series_create(request: HttpRequest) -> HttpResponse:
    ensure_chief(request.user)
    form = SeriesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查系列的代码和名称。"))
        return redirect("thinktank:bulletin_list")
    try:
        services.series_create(actor=request.user, **form.cleaned_data)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("系列已创建。"))
    return redirect("thinktank:bulletin_list")


@login_required
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = selectors.bulletin_get(actor=request.user, bulletin_id=bulletin_id)
    editable = bulletin.status in EDITABLE
    pick_form = ClippingFilterForm(request.GET or None)
    picks = []
    if editable:
        data = pick_form.cleaned_data if pick_form.is_valid() else {}
        picks = list(
            selectors.clipping_search(
                actor=request.user,
                filters=selectors.ClippingFilters(
                    q=data.get("q", ""),
                    topic_id=data["topic"].pk if data.get("topic") else None,
                    kind=data.get("kind", ""),
                ),
            )[:30]
        )
    return render(
        request,
        "thinktank/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "sections": list(bulletin.sections.all()),
            "review_comment": next(
                (
                    e
                    for e in reversed(bulletin.events.all())
                    if e.action == BulletinAction.SENT_BACK
                ),
                None,
            ),
            "editable": editable,
            "can_review": can_review(request.user),
            "pick_form": pick_form,
            "picks": picks,
            "submission_form": SubmissionForm(),
            "feedback_kinds": FeedbackKind.choices,
        },
    )


def _post_id(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


@login_required
@require_POST
def bulletin_retitle(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_retitle(
            actor=request.user, bulletin_id=bulletin_id, title=request.POST.get("title", "")
        ),
        _("标题已修改。"),
    )


@login_required
@require_POST
def section_add(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_section_add(
            actor=request.user,
            bulletin_id=bulletin_id,
            clipping_id=_post_id(request, "clipping"),
            note=request.POST.get("note", ""),
        ),
        _("条目已加入。"),
    )


def _section_bulletin(request: HttpRequest, section_id: int) -> int:
    ensure_editor(request.user)
    found = BulletinSection.objects.filter(pk=section_id).values_list("bulletin_id", flat=True)
    return found[0] if found else 0


@login_required
@require_POST
def section_edit(request: HttpRequest, section_id: int) -> HttpResponse:
    bulletin_id = _section_bulletin(request, section_id)
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_section_edit(
            actor=request.user,
            section_id=section_id,
            heading=request.POST.get("heading", ""),
            text=request.POST.get("text", ""),
            note=request.POST.get("note", ""),
        ),
        _("条目已修改。"),
    )


@login_required
@require_POST
def section_remove(request: HttpRequest, section_id: int) -> HttpResponse:
    bulletin_id = _section_bulletin(request, section_id)
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_section_remove(actor=request.user, section_id=section_id),
        _("条目已移除。"),
    )


@login_required
@require_POST
def section_move(request: HttpRequest, section_id: int) -> HttpResponse:
    bulletin_id = _section_bulletin(request, section_id)
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_section_move(
            actor=request.user, section_id=section_id, up=request.POST.get("up") == "1"
        ),
        _("顺序已调整。"),
    )


@login_required
@require_POST
def bulletin_submit(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_submit(actor=request.user, bulletin_id=bulletin_id),
        _("已提交主编审核。"),
    )


@login_required
@require_POST
def bulletin_send_back(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    ensure_chief(request.user)
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_send_back(
            actor=request.user, bulletin_id=bulletin_id, comment=request.POST.get("comment", "")
        ),
        _("已退回编辑修改。"),
    )


@login_required
@require_POST
def bulletin_approve(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    ensure_chief(request.user)
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_approve(
            actor=request.user, bulletin_id=bulletin_id, comment=request.POST.get("comment", "")
        ),
        _("已审定。"),
    )


@login_required
@require_POST
def bulletin_issue(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    ensure_chief(request.user)
    return _done(
        request,
        bulletin_id,
        lambda: services.bulletin_issue(actor=request.user, bulletin_id=bulletin_id),
        _("已签发。"),
    )


def _file(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def bulletin_pdf(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = selectors.bulletin_get(actor=request.user, bulletin_id=bulletin_id)
    return _file(
        exports.bulletin_pdf(bulletin),
        filename=f"bulletin-{bulletin.pk}.pdf",
        content_type="application/pdf",
    )


@login_required
def bulletin_docx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = selectors.bulletin_get(actor=request.user, bulletin_id=bulletin_id)
    return _file(
        exports.bulletin_docx(bulletin),
        filename=f"bulletin-{bulletin.pk}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
@require_POST
def submission_log(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    ensure_editor(request.user)
    form = SubmissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写报送单位、日期和方式。"))
        return redirect("thinktank:bulletin_detail", bulletin_id)
    return _done(
        request,
        bulletin_id,
        lambda: submission_services.submission_log(
            actor=request.user, bulletin_id=bulletin_id, **form.cleaned_data
        ),
        _("报送已登记。"),
    )


@login_required
@require_POST
def feedback_record(request: HttpRequest, submission_id: int) -> HttpResponse:
    ensure_editor(request.user)
    found = Submission.objects.filter(pk=submission_id).values_list("bulletin_id", flat=True)
    bulletin_id = found[0] if found else 0
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写反馈类型、日期和批示人或采纳单位。"))
        return redirect("thinktank:bulletin_detail", bulletin_id)
    return _done(
        request,
        bulletin_id,
        lambda: submission_services.feedback_record(
            actor=request.user, submission_id=submission_id, **form.cleaned_data
        ),
        _("反馈已记录。"),
    )


@login_required
def impact(request: HttpRequest) -> HttpResponse:
    rows = selectors.impact_figures(actor=request.user)
    return render(request, "thinktank/impact.html", {"rows": rows})


@login_required
def impact_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.impact_figures(actor=request.user)
    return _file(
        exports.impact_workbook(rows),
        filename="thinktank-impact.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
