from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import NotAuthenticatedError, NotFoundError, WenlanError
from wenlan.rankings import selectors
from wenlan.rankings.enums import Category
from wenlan.rankings.forms import TERM_LABELS, FeedUploadForm, RankingComputeForm
from wenlan.rankings.policies import COLUMNS, TERMS
from wenlan.rankings.ranking import candidate_explain, ranking_compute, weights_default
from wenlan.rankings.services import feed_upload


def _signed_in(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()


@require_http_methods(["GET", "POST"])
def feeds(request: HttpRequest) -> HttpResponse:
    """A source's librarian (or a manager) uploads a feed and reads its report."""
    _signed_in(request)
    sources = list(selectors.sources_for(actor=request.user))
    form = FeedUploadForm(request.POST or None, request.FILES or None, sources=sources)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = feed_upload(
                actor=request.user,
                source_code=form.cleaned_data["source"],
                stream=upload.file,
                file_name=upload.name,
            )
        except WenlanError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "rankings/feeds.html",
        {
            "form": form,
            "report": report,
            "sources": sources,
            "uploads": selectors.uploads_for(actor=request.user),
            "columns": {kind: ", ".join(cols) for kind, cols in COLUMNS.items()},
        },
    )


def _home_page(request: HttpRequest, form: RankingComputeForm, run=None) -> HttpResponse:
    return render(
        request,
        "rankings/home.html",
        {
            "form": form,
            "run": run,
            "lists": _lists(run),
            "runs": selectors.runs_recent(actor=request.user),
        },
    )


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """The weights form (preview, then save) and the saved runs."""
    _signed_in(request)
    ensure_can(request.user, Perm.RANKING_MANAGE)
    return _home_page(request, RankingComputeForm(weights=weights_default()))


def _compute(request: HttpRequest, *, save: bool):
    form = RankingComputeForm(request.POST, weights=weights_default())
    if not form.is_valid():
        return form, None
    try:
        run = ranking_compute(
            actor=request.user,
            period=form.cleaned_data["period"],
            category=form.cleaned_data["category"],
            top=form.cleaned_data["top"],
            weights=form.weights(),
            save=save,
        )
    except WenlanError as error:
        form.add_error(None, str(error))
        return form, None
    return form, run


@require_http_methods(["POST"])
def ranking_preview(request: HttpRequest) -> HttpResponse:
    """The list with these weights, not kept."""
    _signed_in(request)
    ensure_can(request.user, Perm.RANKING_MANAGE)
    form, run = _compute(request, save=False)
    return _home_page(request, form, run)


@require_http_methods(["POST"])
def ranking_save(request: HttpRequest) -> HttpResponse:
    """Compute with these weights and keep the run."""
    _signed_in(request)
    ensure_can(request.user, Perm.RANKING_MANAGE)
    form, run = _compute(request, save=True)
    if run is None:
        return _home_page(request, form)
    return redirect("rankings:run", run_id=run.pk)


def _lists(run) -> list[tuple[str, list[dict]]]:
    if run is None:
        return []
    labels = dict(Category.choices)
    return [(labels.get(k, k), run.result[k]) for k in Category.values if k in run.result]


def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _signed_in(request)
    run = selectors.run_get(actor=request.user, run_id=run_id)
    if run is None:
        raise NotFoundError()
    return render(request, "rankings/run.html", {"run": run, "lists": _lists(run)})


def candidate(request: HttpRequest, period: str, work_id: int) -> HttpResponse:
    """Why a work ranks where it does: each term of its score, with its weight."""
    _signed_in(request)
    run, entry, lists = candidate_explain(actor=request.user, period=period, work_id=work_id)
    labels = dict(Category.choices)
    terms = [
        {
            "name": TERM_LABELS[name],
            "value": entry["terms"][name],
            "weight": run.weights.get(name, 0),
            "points": round(entry["terms"][name] * run.weights.get(name, 0), 6),
        }
        for name in TERMS
    ]
    return render(
        request,
        "rankings/candidate.html",
        {
            "run": run,
            "entry": entry,
            "terms": terms,
            "lists": [labels.get(k, k) for k in lists],
        },
    )
