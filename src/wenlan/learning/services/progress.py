"""A reader working through a course: lessons done, quiz attempts. When the
course's rules are met the certificate is issued in the same transaction."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.learning import locks, policies
from wenlan.learning.enums import CourseStatus
from wenlan.learning.errors import (
    CourseNotOpenError,
    NoReaderCardError,
    QuizAnswerError,
    QuizAttemptsUsedError,
)
from wenlan.learning.models import Lesson, LessonProgress, Quiz, QuizAttempt
from wenlan.learning.selectors.progress import quiz_attempts_used
from wenlan.learning.services.certificates import certificate_issue_if_completed
from wenlan.patrons.selectors import reader_of


def acting_reader_id(actor) -> int:
    reader = reader_of(actor)
    if reader is None:
        raise NoReaderCardError()
    return reader.pk


def _open_lesson(lesson_id: int) -> Lesson:
    lesson = Lesson.objects.select_related("course").filter(pk=lesson_id).first()
    if lesson is None:
        raise NotFoundError()
    if lesson.course.status != CourseStatus.PUBLISHED:
        raise CourseNotOpenError()
    return lesson


@transaction.atomic
def lesson_complete(*, actor, lesson_id: int) -> LessonProgress:
    """The reader marks a lesson done (once; again returns the first mark). A
    lesson with a quiz is done when the quiz is passed."""
    reader_id = acting_reader_id(actor)
    lesson = _open_lesson(lesson_id)
    locks.reader_lock(reader_id=reader_id)
    existing = LessonProgress.objects.filter(reader_id=reader_id, lesson=lesson).first()
    if existing is not None:
        return existing
    quiz = Quiz.objects.filter(lesson=lesson).first()
    if (
        quiz is not None
        and not QuizAttempt.objects.filter(reader_id=reader_id, quiz=quiz, passed=True).exists()
    ):
        raise QuizAnswerError(_("请先通过本课时的测验。"))
    progress = LessonProgress.objects.create(
        reader_id=reader_id, lesson=lesson, completed_at=clock.now()
    )
    certificate_issue_if_completed(reader_id=reader_id, course_id=lesson.course_id)
    return progress


@dataclass(frozen=True)
class QuizResult:
    attempt: QuizAttempt
    attempts_left: int | None


@transaction.atomic
def quiz_submit(*, actor, quiz_id: int, answers: dict[int, list[int]]) -> QuizResult:
    """One attempt: every question answered, scored (`policies.quiz_score_percent`),
    passed at the quiz's pass mark. The reader's row is locked so two submissions
    at once are numbered in turn and never exceed the attempts allowed. A pass
    marks the lesson done."""
    reader_id = acting_reader_id(actor)
    quiz = Quiz.objects.select_related("lesson__course").filter(pk=quiz_id).first()
    if quiz is None:
        raise NotFoundError()
    if quiz.lesson.course.status != CourseStatus.PUBLISHED:
        raise CourseNotOpenError()
    questions = list(quiz.questions.prefetch_related("choices"))
    correct = {q.pk: frozenset(c.pk for c in q.choices.all() if c.correct) for q in questions}
    valid = {q.pk: {c.pk for c in q.choices.all()} for q in questions}
    given: dict[int, frozenset[int]] = {}
    for question in questions:
        chosen = frozenset(answers.get(question.pk, ()))
        if not chosen or not chosen <= valid[question.pk]:
            raise QuizAnswerError()
        if not question.multiple and len(chosen) != 1:
            raise QuizAnswerError()
        given[question.pk] = chosen
    locks.reader_lock(reader_id=reader_id)
    used = quiz_attempts_used(reader_id=reader_id, quiz_id=quiz.pk)
    left = policies.quiz_attempts_left(max_attempts=quiz.max_attempts, used=used)
    if left == 0:
        raise QuizAttemptsUsedError()
    score = policies.quiz_score_percent(correct=correct, answers=given)
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                reader_id=reader_id,
                quiz=quiz,
                number=used + 1,
                score_percent=score,
                passed=score >= quiz.pass_percent,
                answers={str(k): sorted(v) for k, v in given.items()},
                submitted_at=clock.now(),
            )
    except IntegrityError as error:  # unreachable under the reader's lock
        raise QuizAttemptsUsedError() from error
    if attempt.passed:
        LessonProgress.objects.get_or_create(
            reader_id=reader_id, lesson_id=quiz.lesson_id, defaults={"completed_at": clock.now()}
        )
        certificate_issue_if_completed(reader_id=reader_id, course_id=quiz.lesson.course_id)
    return QuizResult(attempt, None if left is None else left - 1)
