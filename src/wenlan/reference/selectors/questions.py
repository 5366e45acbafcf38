"""Reads of questions: an asker's own, a visitor's by private link, the
librarians' queue (new, mine, referred, overdue) and one question with its notes,
sources and referrals."""

from django.db.models import Prefetch, QuerySet

from wenlan.core.errors import NotFoundError
from wenlan.reference.models import Question, QuestionSource


def question_for_mail(*, question_id: int) -> Question | None:
    return Question.objects.filter(pk=question_id).first()


def _with_sources(rows: QuerySet[Question]) -> QuerySet[Question]:
    return rows.prefetch_related(
        Prefetch("sources", queryset=QuestionSource.objects.order_by("position", "pk"))
    )


def question_list_for_reader(*, reader_id: int) -> QuerySet[Question]:
    return Question.objects.filter(asker_id=reader_id).order_by("-created_at", "-pk")


def question_for_reader(*, reader_id: int, question_id: int) -> Question:
    """The reader's own question with its sources; another's is not found."""
    question = (
        _with_sources(Question.objects.filter(asker_id=reader_id, pk=question_id))
        .select_related("answered_by")
        .first()
    )
    if question is None:
        raise NotFoundError()
    return question


def question_by_token(*, token: str) -> Question:
    """A visitor's (or a partner's reader's) question by its private link."""
    token = token.strip()
    if not token or len(token) > 64:
        raise NotFoundError()
    question = _with_sources(
        Question.objects.filter(access_token=token, asker__isnull=True)
    ).first()
    if question is None:
        raise NotFoundError()
    return question
