"""Managers create lists; the chair (or a manager) invites experts, opens and
closes the round, finalises and publishes. One view per POST action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can
from wenlan.core.errors import NotFoundError, PermissionDeniedError, WenlanError
from wenlan.rankings.panel.forms import FinaliseForm, InviteForm, ListCreateForm
from wenlan.rankings.panel.selectors import staff as selectors
from wenlan.rankings.panel.services import lists, publication, rounds


@login_required
def list_index(request: HttpRequest) -> HttpResponse:
    """Every list for a manager; the lists they chair for an expert."""
    return render(
        request,
        "rankings/panel/lists.html",
        {
            "lists": selectors.lists_for(actor=request.user),
            "can_manage": can(request.user, Perm.RANKING_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_new(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.RANKING_MANAGE)
    form = ListCreateForm(request.POST or None, chairs=selectors.chairs_to_choose())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reading_list = lists.list_create(
                actor=request.user,
                occasion=data["occasion"],
                date=data["date"],
                theme_zh=data["theme_zh"],
                theme_en=data["theme_en"],
                size=data["size"],
                period=data["period"],
                category=data["category"],
                chair_id=int(data["chair"]),
                candidates=data["candidates"],
                slug=data["slug"],
            )
        except WenlanError as error:
            form.add_error(error.field if _is_field(form, error) else None, str(error))
        else:
            messages.success(request, _("书单已创建，请邀请评审专家。"))
            return redirect("rankings:panel_list", list_id=reading_list.pk)
    return render(request, "rankings/panel/list_new.html", {"form": form})


def _is_field(form, error) -> bool:
    return getattr(error, "field", None) in form.fields


@login_required
def list_detail(request: HttpRequest, list_id: int) -> HttpResponse:
    page = selectors.list_page(actor=request.user, list_id=list_id)
    invited = {i.expert_id for i in page.invitations}
    experts = [u for u in selectors.experts_to_invite() if u.pk not in invited]
    return render(
        request,
        "rankings/panel/list.html",
        {"page": page, "list": page.reading_list, "invite_form": InviteForm(experts=experts)},
    )


def _after(request: HttpRequest, list_id: int, action, success: str) -> HttpResponse:
    """Run a step; a refusal is shown on the list's page, a list that is not there
    or not the actor's is a 404 or 403."""
    try:
        action()
    except (NotFoundError, PermissionDeniedError):
        raise
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("rankings:panel_list", list_id=list_id)


@login_required
@require_POST
def invite(request: HttpRequest, list_id: int) -> HttpResponse:
    expert = request.POST.get("expert", "")
    return _after(
        request,
        list_id,
        lambda: lists.expert_invite(
            actor=request.user, list_id=list_id, expert_id=int(expert) if expert.isdigit() else 0
        ),
        _("已邀请专家。"),
    )


@login_required
@require_POST
def round_open(request: HttpRequest, list_id: int) -> HttpResponse:
    return _after(
        request,
        list_id,
        lambda: rounds.round_open(actor=request.user, list_id=list_id),
        _("评分已开始，专家可以评分了。"),
    )


@login_required
@require_POST
def round_close(request: HttpRequest, list_id: int) -> HttpResponse:
    return _after(
        request,
        list_id,
        lambda: rounds.round_close(actor=request.user, list_id=list_id),
        _("评分已结束，结果见下。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finalise(request: HttpRequest, list_id: int) -> HttpResponse:
    """The chair picks the books (the top by trimmed mean proposed) and writes a
    recommendation for each in both languages."""
    page = selectors.list_page(actor=request.user, list_id=list_id)
    candidates = [row.candidate for row in page.rows]
    form = FinaliseForm(request.POST or None, candidates=candidates, size=page.reading_list.size)
    if request.method == "POST" and form.is_valid():
        try:
            publication.list_finalise(actor=request.user, list_id=list_id, picks=form.picks())
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("入选书目与推荐语已保存。"))
            return redirect("rankings:panel_list", list_id=list_id)
    return render(
        request,
        "rankings/panel/finalise.html",
        {"page": page, "list": page.reading_list, "form": form},
    )


@login_required
@require_POST
def publish(request: HttpRequest, list_id: int) -> HttpResponse:
    return _after(
        request,
        list_id,
        lambda: publication.list_publish(actor=request.user, list_id=list_id),
        _("书单已发布。"),
    )
