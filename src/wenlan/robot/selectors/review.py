"""What librarians read to improve the knowledge base: the answers readers found
unhelpful and the questions the robot could not answer, newest first, the same
question asked again counted once with its count."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.robot import policies
from wenlan.robot.enums import LIVE_INTENTS, Feedback, Intent
from wenlan.robot.models import Turn

REVIEW_ROWS = 100
_READ_FOR_GROUPING = 2000


@dataclass
class ReviewRow:
    """One question (as last asked), how often it was asked, and its latest turn."""

    turn: Turn
    count: int
    handed_over: int = 0
    question_ids: list[int] = field(default_factory=list)  # handed to librarians, newest first


@dataclass(frozen=True)
class RobotFigures:
    turns: int
    answered: int
    unanswered: int
    live: int
    helpful: int
    unhelpful: int
    handed_over: int


@dataclass
class RobotReview:
    figures: RobotFigures
    unhelpful: list[ReviewRow] = field(default_factory=list)
    unanswered: list[ReviewRow] = field(default_factory=list)


def _grouped(turns: list[Turn]) -> list[ReviewRow]:
    """Newest first; a question asked again (same normalised text) is one row."""
    rows: dict[str, ReviewRow] = {}
    counts: Counter[str] = Counter()
    handed: Counter[str] = Counter()
    for turn in turns:
        key = policies.normalised(turn.question)
        counts[key] += 1
        handed[key] += turn.handover_question_id is not None
        row = rows.setdefault(key, ReviewRow(turn=turn, count=0))
        if turn.handover_question_id is not None and len(row.question_ids) < 5:
            row.question_ids.append(turn.handover_question_id)
    for key, row in rows.items():
        row.count = counts[key]
        row.handed_over = handed[key]
    return list(rows.values())[:REVIEW_ROWS]


def robot_review(*, actor) -> RobotReview:
    """For librarians who edit the knowledge base (Perm.KNOWLEDGE_EDIT). Three
    queries: the figures, the unhelpful answers, the unanswered questions."""
    ensure_can(actor, Perm.KNOWLEDGE_EDIT)
    counted = Turn.objects.aggregate(
        n_turns=Count("pk"),
        n_answered=Count("pk", filter=Q(answered=True)),
        n_unanswered=Count("pk", filter=Q(answered=False, intent=Intent.KNOWLEDGE)),
        n_live=Count("pk", filter=Q(intent__in=LIVE_INTENTS)),
        n_helpful=Count("pk", filter=Q(feedback=Feedback.HELPFUL)),
        n_unhelpful=Count("pk", filter=Q(feedback=Feedback.UNHELPFUL)),
        n_handed_over=Count("pk", filter=Q(handover_question_id__isnull=False)),
    )
    figures = RobotFigures(**{key.removeprefix("n_"): value for key, value in counted.items()})
    unhelpful = list(
        Turn.objects.filter(feedback=Feedback.UNHELPFUL).order_by("-created_at", "-pk")[
            :_READ_FOR_GROUPING
        ]
    )
    unanswered = list(
        Turn.objects.filter(answered=False, intent=Intent.KNOWLEDGE).order_by("-created_at", "-pk")[
            :_READ_FOR_GROUPING
        ]
    )
    return RobotReview(
        figures=figures,
        unhelpful=_grouped(unhelpful),
        unanswered=_grouped(unanswered),
    )
