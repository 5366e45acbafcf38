import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import WenlanError
from wenlan.events import selectors
from wenlan.events.enums import ClubStatus
from wenlan.events.forms import ClubForm, ProposalApproveForm, ProposalForm, ProposalRejectForm
from wenlan.events.services import community
from wenlan.network.selectors import library_list


def _add_error(form, error: WenlanError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _libraries():
    return list(library_list().prefetch_related(None))


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    clubs = selectors.clubs_organised_by(actor=request.user)
    form = ProposalForm(request.POST or None, libraries=_libraries(), clubs=clubs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            community.proposal_submit(
                actor=request.user,
                library_id=int(data["library"]),
                title=data["title"],
                description=data["description"],
                audience=data["audience"],
                category=data["category"],
                preferred_date=data["preferred_date"],
                preferred_time=data["preferred_time"],
                expected_people=data["expected_people"],
                needs=data["needs"],
                club_id=int(data["club"]) if data.get("club") else None,
            )
        except WenlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("提议已提交，馆员审核后会通知您。"))
            return redirect("events:my_proposals")
    return render(request, "events/propose.html", {"form": form})


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/my_proposals.html",
        {"proposals": selectors.proposal_list_own(actor=request.user)},
    )


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    try:
        community.proposal_withdraw(actor=request.user, proposal_id=proposal_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("提议已撤回。"))
    return redirect("events:my_proposals")


@login_required
@require_http_methods(["GET", "POST"])
def staff_proposals(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.EVENT_APPROVE)
    forms_by_proposal: dict[int, tuple] = {}
    if request.method == "POST":
        target = request.POST.get("proposal", "")
        club = request.POST.get("club", "")
        action = request.POST.get("action", "")
        if club.isdigit() and action in ("approve_club", "suspend_club"):
            status = ClubStatus.APPROVED if action == "approve_club" else ClubStatus.SUSPENDED
            try:
                community.club_set_status(actor=request.user, club_id=int(club), status=status)
            except WenlanError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已处理。"))
            return redirect("events:staff_proposals")
        if target.isdigit() and action == "approve":
            form = ProposalApproveForm(request.POST, prefix=f"p{target}")
            if form.is_valid():
                data = form.cleaned_data
                starts = dt.datetime.combine(data["date"], data["starts"])
                ends = dt.datetime.combine(data["date"], data["ends"])
                try:
                    proposal = community.proposal_approve(
                        actor=request.user,
                        proposal_id=int(target),
                        starts_at=timezone.make_aware(starts),
                        ends_at=timezone.make_aware(ends),
                        capacity=data["capacity"],
                        room=data["room"],
                        note=data["note"],
                    )
                except WenlanError as error:
                    _add_error(form, error)
                else:
                    messages.success(request, _("已通过，活动已发布。"))
                    return redirect("events:event_detail", proposal.event_id)
            forms_by_proposal[int(target)] = (form, ProposalRejectForm(prefix=f"r{target}"))
        elif target.isdigit() and action == "reject":
            form = ProposalRejectForm(request.POST, prefix=f"r{target}")
            if form.is_valid():
                try:
                    community.proposal_reject(
                        actor=request.user, proposal_id=int(target), note=form.cleaned_data["note"]
                    )
                except WenlanError as error:
                    _add_error(form, error)
                else:
                    messages.success(request, _("已退回提议。"))
                    return redirect("events:staff_proposals")
            forms_by_proposal[int(target)] = (ProposalApproveForm(prefix=f"p{target}"), form)
    rows = []
    for proposal in selectors.proposal_list_for_review(actor=request.user):
        approve, reject = forms_by_proposal.get(proposal.pk) or (
            ProposalApproveForm(
                prefix=f"p{proposal.pk}",
                initial={"date": proposal.preferred_date, "capacity": proposal.expected_people},
            ),
            ProposalRejectForm(prefix=f"r{proposal.pk}"),
        )
        rows.append({"proposal": proposal, "approve": approve, "reject": reject})
    return render(
        request,
        "events/staff_proposals.html",
        {"rows": rows, "clubs": selectors.club_list_pending_for_review(actor=request.user)},
    )


def club_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/club_list.html", {"clubs": list(selectors.club_list_alliance())})


def club_detail(request: HttpRequest, slug: str) -> HttpResponse:
    club = selectors.club_get_public(slug=slug)
    return render(
        request,
        "events/club_detail.html",
        {
            "club": club,
            "occurrences": selectors.club_upcoming_occurrences(club=club),
            "membership": selectors.club_membership_of(actor=request.user, club=club),
            "is_reader": selectors.reader_of(request.user) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def club_register(request: HttpRequest) -> HttpResponse:
    form = ClubForm(request.POST or None, libraries=_libraries())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            community.club_register(
                actor=request.user,
                slug=data["slug"],
                name_zh=data["name_zh"],
                name_en=data["name_en"],
                description_zh=data["description_zh"],
                meets_zh=data["meets_zh"],
                library_id=int(data["library"]),
            )
        except WenlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("登记已提交，馆员审核后您的组织将加入阅读联盟。"))
            return redirect("events:club_list")
    return render(request, "events/club_register.html", {"form": form})


@login_required
@require_POST
def club_join(request: HttpRequest, slug: str) -> HttpResponse:
    club = selectors.club_get_public(slug=slug)
    try:
        community.club_join(actor=request.user, club_id=club.pk)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已加入。"))
    return redirect("events:club_detail", club.slug)


@login_required
@require_POST
def club_leave(request: HttpRequest, slug: str) -> HttpResponse:
    club = selectors.club_get_public(slug=slug)
    try:
        community.club_leave(actor=request.user, club_id=club.pk)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已退出。"))
    return redirect("events:club_detail", club.slug)
