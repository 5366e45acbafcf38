import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import WenlanError
from wenlan.events.enums import ClubStatus
from wenlan.events.forms import ClubForm, ProposalApproveForm, ProposalForm, ProposalRejectForm
from wenlan.events.selectors.community import (
    club_get_public,
    club_list_alliance,
    club_list_pending_for_review,
    club_membership_of,
    club_upcoming_occurrences,
    clubs_organised_by,
    proposal_list_for_review,
    proposal_list_own,
)
from wenlan.events.services import community
from wenlan.network.selectors import library_list
from wenlan.patrons.selectors import reader_of


def _add_error(form, error: WenlanError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _libraries():
    return list(library_list().prefetch_related(None))


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    clubs = clubs_organised_by(actor=request.user)
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
        {"proposals": proposal_list_own(actor=request.user)},
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


def _review_page(request: HttpRequest, *, bound: dict[int, tuple] | None = None) -> HttpResponse:
    """The proposals waiting for review, each with its approve and reject forms
    (`bound`: the forms just posted for one proposal, with their errors), and the
    clubs waiting to join the alliance."""
    rows = []
    for proposal in proposal_list_for_review(actor=request.user):
        approve, reject = (bound or {}).get(proposal.pk) or (
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
        {"rows": rows, "clubs": club_list_pending_for_review(actor=request.user)},
    )


@login_required
@require_GET
def staff_proposals(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.EVENT_APPROVE)
    return _review_page(request)


@login_required
@require_POST
def staff_proposal_approve(request: HttpRequest, proposal_id: int) -> HttpResponse:
    ensure_can(request.user, Perm.EVENT_APPROVE)
    form = ProposalApproveForm(request.POST, prefix=f"p{proposal_id}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            proposal = community.proposal_approve(
                actor=request.user,
                proposal_id=proposal_id,
                starts_at=timezone.make_aware(dt.datetime.combine(data["date"], data["starts"])),
                ends_at=timezone.make_aware(dt.datetime.combine(data["date"], data["ends"])),
                capacity=data["capacity"],
                room=data["room"],
                note=data["note"],
            )
        except WenlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已通过，活动已发布。"))
            return redirect("events:event_detail", proposal.event_id)
    reject = ProposalRejectForm(prefix=f"r{proposal_id}")
    return _review_page(request, bound={proposal_id: (form, reject)})


@login_required
@require_POST
def staff_proposal_reject(request: HttpRequest, proposal_id: int) -> HttpResponse:
    ensure_can(request.user, Perm.EVENT_APPROVE)
    form = ProposalRejectForm(request.POST, prefix=f"r{proposal_id}")
    if form.is_valid():
        try:
            community.proposal_reject(
                actor=request.user, proposal_id=proposal_id, note=form.cleaned_data["note"]
            )
        except WenlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已退回提议。"))
            return redirect("events:staff_proposals")
    approve = ProposalApproveForm(prefix=f"p{proposal_id}")
    return _review_page(request, bound={proposal_id: (approve, form)})


def _club_status_set(request: HttpRequest, club_id: int, status: ClubStatus) -> HttpResponse:
    ensure_can(request.user, Perm.EVENT_APPROVE)
    try:
        community.club_set_status(actor=request.user, club_id=club_id, status=status)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已处理。"))
    return redirect("events:staff_proposals")


@login_required
@require_POST
def staff_club_approve(request: HttpRequest, club_id: int) -> HttpResponse:
    return _club_status_set(request, club_id, ClubStatus.APPROVED)


@login_required
@require_POST
def staff_club_suspend(request: HttpRequest, club_id: int) -> HttpResponse:
    return _club_status_set(request, club_id, ClubStatus.SUSPENDED)


def club_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/club_list.html", {"clubs": list(club_list_alliance())})


def club_detail(request: HttpRequest, slug: str) -> HttpResponse:
    club = club_get_public(slug=slug)
    return render(
        request,
        "events/club_detail.html",
        {
            "club": club,
            "occurrences": club_upcoming_occurrences(club=club),
            "membership": club_membership_of(actor=request.user, club=club),
            "is_reader": reader_of(request.user) is not None,
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
    club = club_get_public(slug=slug)
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
    club = club_get_public(slug=slug)
    try:
        community.club_leave(actor=request.user, club_id=club.pk)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已退出。"))
    return redirect("events:club_detail", club.slug)
