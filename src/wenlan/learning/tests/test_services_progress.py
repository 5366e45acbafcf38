import pytest

from wenlan.accounts.tests.factories import StaffFactory
from wenlan.learning.enums import CourseStatus
from wenlan.learning.errors import (
    CourseNotOpenError,
    NoReaderCardError,
    QuizAnswerError,
    QuizAttemptsUsedError,
)
from wenlan.learning.models import Certificate, LessonProgress, QuizAttempt
from wenlan.learning.services import progress
from wenlan.learning.tests.factories import CourseFactory, LessonFactory, quiz_with_question
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_lesson_done_once_and_certificate_when_all_done():
    reader = ReaderFactory(name="王芳")
    course = CourseFactory()
    first, second = LessonFactory(course=course), LessonFactory(course=course)
    progress.lesson_complete(actor=reader.user, lesson_id=first.pk)
    progress.lesson_complete(actor=reader.user, lesson_id=first.pk)
    assert LessonProgress.objects.filter(reader=reader).count() == 1
    assert not Certificate.objects.exists()
    progress.lesson_complete(actor=reader.user, lesson_id=second.pk)
    certificate = Certificate.objects.get()
    assert (certificate.reader, certificate.course, certificate.holder_name) == (
        reader,
        course,
        "王芳",
    )
    assert len(certificate.code) == 20


def test_lesson_of_a_draft_course_refused():
    reader = ReaderFactory()
    lesson = LessonFactory(course=CourseFactory(status=CourseStatus.DRAFT))
    with pytest.raises(CourseNotOpenError):
        progress.lesson_complete(actor=reader.user, lesson_id=lesson.pk)
    assert not LessonProgress.objects.exists()


def test_staff_without_card_refused():
    with pytest.raises(NoReaderCardError):
        progress.lesson_complete(actor=StaffFactory(), lesson_id=LessonFactory().pk)


def test_quiz_pass_marks_lesson_done_and_issues_certificate():
    reader = ReaderFactory()
    lesson = LessonFactory()
    quiz, question, right, wrong = quiz_with_question(lesson)
    with pytest.raises(QuizAnswerError):  # a lesson with a quiz is done by passing it
        progress.lesson_complete(actor=reader.user, lesson_id=lesson.pk)
    failed = progress.quiz_submit(
        actor=reader.user, quiz_id=quiz.pk, answers={question.pk: [wrong.pk]}
    )
    assert (failed.attempt.passed, failed.attempt.score_percent, failed.attempts_left) == (
        False,
        0,
        2,
    )
    passed = progress.quiz_submit(
        actor=reader.user, quiz_id=quiz.pk, answers={question.pk: [right[0].pk]}
    )
    assert (passed.attempt.passed, passed.attempt.number, passed.attempts_left) == (True, 2, 1)
    assert LessonProgress.objects.filter(reader=reader, lesson=lesson).exists()
    assert Certificate.objects.filter(reader=reader, course=lesson.course).exists()


def test_multiple_choice_needs_every_right_choice():
    reader = ReaderFactory()
    quiz, question, right, wrong = quiz_with_question(LessonFactory(), multiple=True)
    half = progress.quiz_submit(
        actor=reader.user, quiz_id=quiz.pk, answers={question.pk: [right[0].pk]}
    )
    assert not half.attempt.passed
    full = progress.quiz_submit(
        actor=reader.user, quiz_id=quiz.pk, answers={question.pk: [c.pk for c in right]}
    )
    assert full.attempt.passed


def test_attempts_run_out():
    reader = ReaderFactory()
    quiz, question, _right, wrong = quiz_with_question(LessonFactory(), max_attempts=2)
    for _ in range(2):
        progress.quiz_submit(actor=reader.user, quiz_id=quiz.pk, answers={question.pk: [wrong.pk]})
    with pytest.raises(QuizAttemptsUsedError):
        progress.quiz_submit(actor=reader.user, quiz_id=quiz.pk, answers={question.pk: [wrong.pk]})
    assert QuizAttempt.objects.filter(reader=reader).count() == 2


@pytest.mark.parametrize("answers", ["none", "foreign", "two_for_single"])
def test_bad_answers_refused_and_not_counted(answers):
    reader = ReaderFactory()
    quiz, question, right, wrong = quiz_with_question(LessonFactory())
    given = {
        "none": {},
        "foreign": {question.pk: [999999]},
        "two_for_single": {question.pk: [right[0].pk, wrong.pk]},
    }[answers]
    with pytest.raises(QuizAnswerError):
        progress.quiz_submit(actor=reader.user, quiz_id=quiz.pk, answers=given)
    assert not QuizAttempt.objects.exists()
