"""`/api/rankings/lists…`: the published lists (public); `/api/rankings/rounds/…`:
an invited expert's round, their scores and conflicts (never another's score
before the round closes)."""

from typing import Annotated

from django.urls import reverse
from ninja import Query, Router

from wenlan.core.ids import RowId
from wenlan.rankings.panel import exports
from wenlan.rankings.panel.schemas import (
    PanelConflictIn,
    PanelRoundOut,
    PanelScoreIn,
    PanelScoreOut,
    ReadingListDetailOut,
    ReadingListOut,
)
from wenlan.rankings.panel.selectors import public
from wenlan.rankings.panel.selectors.staff import round_page
from wenlan.rankings.panel.services import rounds

router = Router(tags=["rankings"])


@router.get("/lists", response=list[ReadingListOut], auth=None, summary="Published reading lists")
def lists(request, year: Annotated[int | None, Query(ge=1, le=9999)] = None, occasion: str = ""):
    return [
        {
            "slug": item.slug,
            "occasion": item.occasion,
            "date": item.date,
            "theme_zh": item.theme_zh,
            "theme_en": item.theme_en,
            "url": request.build_absolute_uri(reverse("rankings:list_public", args=[item.slug])),
        }
        for item in public.lists_published(year=year, occasion=occasion)[:500]
    ]


@router.get(
    "/lists/{slug}",
    response=ReadingListDetailOut,
    auth=None,
    summary="A published list: its books in order, their recommendations and availability",
)
def list_detail(request, slug: str):
    return exports.list_data(public.list_published(slug=slug))


@router.get(
    "/rounds/{round_id}",
    response=PanelRoundOut,
    summary="An invited expert's round: the candidates, my scores; results once closed",
)
def round_detail(request, round_id: RowId):
    page = round_page(actor=request.auth, round_id=round_id)
    return {
        "id": page.round.pk,
        "list_slug": page.reading_list.slug,
        "theme_zh": page.reading_list.theme_zh,
        "theme_en": page.reading_list.theme_en,
        "status": page.round.status,
        "candidates": [
            {
                "id": row.candidate.pk,
                "title": row.candidate.work.title,
                "author": row.candidate.work.author,
                "isbns": row.isbns,
                "origin": row.candidate.origin,
                "ranking_rank": row.candidate.ranking_rank,
                "my_score": row.my_score.value if row.my_score else None,
                "my_comment": row.my_score.comment if row.my_score else "",
                "conflict": row.my_conflict is not None,
                "result": {
                    "rank": row.candidate.result_rank,
                    "trimmed_mean": row.candidate.score_mean,
                    "min": row.candidate.score_min,
                    "max": row.candidate.score_max,
                    "std": row.candidate.score_std,
                    "count": row.candidate.score_count,
                }
                if page.closed
                else None,
            }
            for row in page.rows
        ],
    }


@router.post(
    "/rounds/{round_id}/scores",
    response=PanelScoreOut,
    summary="Score a candidate 1–10 with a comment (again: replaces mine) while the round is open",
)
def score_send(request, round_id: RowId, payload: PanelScoreIn):
    score = rounds.score_set(
        actor=request.auth,
        round_id=round_id,
        candidate_id=payload.candidate_id,
        value=payload.value,
        comment=payload.comment,
    )
    return {"candidate_id": score.candidate_id, "value": score.value, "comment": score.comment}


@router.post(
    "/rounds/{round_id}/conflicts",
    response={204: None},
    summary="Declare a conflict of interest with a candidate (withdraws my score of it)",
)
def conflict_send(request, round_id: RowId, payload: PanelConflictIn):
    rounds.conflict_declare(
        actor=request.auth, round_id=round_id, candidate_id=payload.candidate_id, note=payload.note
    )
    return 204, None
