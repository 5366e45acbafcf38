"""An invited expert's pages: their rounds; a round's candidates, each with their
own score and conflict (never another's score), the results once it has closed;
nominating a work found by ISBN or title."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import NotFoundError, WenlanError
from wenlan.rankings.panel.forms import ConflictForm, NominateForm, ScoreForm
from wenlan.rankings.panel.selectors import staff as selectors
from wenlan.rankings.panel.services import lists, rounds


@login_required
def round_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rankings/panel/rounds.html",
        {"invitations": selectors.rounds_for(actor=request.user)},
    )


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    page = selectors.round_page(actor=request.user, round_id=round_id)
    query = request.GET.get("q", "")
    rows = [
        {
            "row": row,
            "score_form": ScoreForm(
                prefix=f"c{row.candidate.pk}",
                initial={"value": row.my_score.value, "comment": row.my_score.comment}
                if row.my_score
                else None,
            ),
            "conflict_form": ConflictForm(prefix=f"c{row.candidate.pk}"),
        }
        for row in page.rows
    ]
    return render(
        request,
        "rankings/panel/round.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "found": selectors.works_search(actor=request.user, query=query) if query else [],
            "nominate_form": NominateForm(),
        },
    )


def _back(round_id: int, candidate_id: int | None = None) -> HttpResponse:
    response = redirect("rankings:panel_round", round_id=round_id)
    if candidate_id:
        response["Location"] += f"#candidate-{candidate_id}"
    return response


@login_required
@require_POST
def score(request: HttpRequest, round_id: int, candidate_id: int) -> HttpResponse:
    ensure_can(request.user, Perm.RANKING_REVIEW)
    form = ScoreForm(request.POST, prefix=f"c{candidate_id}")
    if not form.is_valid():
        messages.error(request, _("分数应为 1 到 10 的整数。"))
        return _back(round_id, candidate_id)
    try:
        rounds.score_set(
            actor=request.user,
            round_id=round_id,
            candidate_id=candidate_id,
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
        )
    except NotFoundError:
        raise
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("评分已保存。"))
    return _back(round_id, candidate_id)


@login_required
@require_POST
def conflict(request: HttpRequest, round_id: int, candidate_id: int) -> HttpResponse:
    ensure_can(request.user, Perm.RANKING_REVIEW)
    form = ConflictForm(request.POST, prefix=f"c{candidate_id}")
    if not form.is_valid():
        messages.error(request, _("请说明利益冲突。"))
        return _back(round_id, candidate_id)
    try:
        rounds.conflict_declare(
            actor=request.user,
            round_id=round_id,
            candidate_id=candidate_id,
            note=form.cleaned_data["note"],
        )
    except NotFoundError:
        raise
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已申报利益冲突，您不再为这本书评分。"))
    return _back(round_id, candidate_id)


@login_required
@require_POST
def nominate(request: HttpRequest, round_id: int) -> HttpResponse:
    ensure_can(request.user, Perm.RANKING_REVIEW)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明提名理由。"))
        return _back(round_id)
    try:
        candidate = lists.candidate_nominate(
            actor=request.user,
            round_id=round_id,
            work_id=form.cleaned_data["work"],
            reason=form.cleaned_data["reason"],
        )
    except NotFoundError:
        raise
    except WenlanError as error:
        messages.error(request, str(error))
        return _back(round_id)
    messages.success(request, _("已提名，这本书加入了候选书目。"))
    return _back(round_id, candidate.pk)
