"""Pure rules of a round: the summary of a candidate's scores and the order of the
results. No database here.

The trimmed mean drops the single highest and the single lowest score when a
candidate has at least TRIM_FROM (5) scores, so that one enthusiast or one
detractor cannot carry a book alone; with fewer scores every score counts. The
spread is shown beside it: the lowest and highest score given and the population
standard deviation of all scores (trimmed or not)."""

import math
from dataclasses import dataclass

SCORE_MIN, SCORE_MAX = 1, 10
TRIM_FROM = 5


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    mean: float | None  # trimmed mean
    minimum: int | None
    maximum: int | None
    std: float | None


def score_summary(values: list[int]) -> ScoreSummary:
    if not values:
        return ScoreSummary(0, None, None, None, None)
    ordered = sorted(values)
    kept = ordered[1:-1] if len(ordered) >= TRIM_FROM else ordered
    average = sum(values) / len(values)
    std = math.sqrt(sum((v - average) ** 2 for v in values) / len(values))
    return ScoreSummary(
        count=len(values),
        mean=round(sum(kept) / len(kept), 4),
        minimum=ordered[0],
        maximum=ordered[-1],
        std=round(std, 4),
    )


def result_order_key(
    summary: ScoreSummary, *, ranking_rank: int | None, candidate_id: int
) -> tuple:
    """Higher trimmed mean first; then more scores, a narrower spread, a better place
    in the computed ranking, the earlier candidate. Unscored candidates come last."""
    return (
        summary.mean is None,
        -(summary.mean or 0.0),
        -summary.count,
        summary.std if summary.std is not None else math.inf,
        ranking_rank if ranking_rank is not None else math.inf,
        candidate_id,
    )


def score_valid(value: int) -> bool:
    return SCORE_MIN <= value <= SCORE_MAX
