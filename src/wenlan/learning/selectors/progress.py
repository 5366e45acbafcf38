"""What a reader has done of a course: lessons, quizzes, attendance, and whether
the course's rules are met."""

from dataclasses import dataclass

from wenlan.learning import policies
from wenlan.learning.enums import CourseFormat, EnrolmentStatus
from wenlan.learning.models import (
    Attendance,
    ClassMeeting,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    QuizAttempt,
)


@dataclass(frozen=True)
class CourseProgress:
    course: Course
    lessons: int
    lessons_done: int
    done_lesson_ids: frozenset[int]
    quizzes: int
    quizzes_passed: int
    passed_quiz_ids: frozenset[int]
    class_id: int | None
    meetings: int | None
    meetings_attended: int
    attendance_percent: int | None
    completed: bool
    attempts: dict[int, int]  # quiz id → attempts the reader has made


def course_progress(
    *, reader_id: int, course: Course, lessons: list[Lesson] | None = None
) -> CourseProgress:
    """`lessons`, when the caller has read them (a lesson page, with `quiz_pk`
    annotated by `selectors.courses.lesson_page`), saves reading them again."""
    if lessons is None:
        rows = Lesson.objects.filter(course=course).values_list("pk", "quiz__id")
    else:
        rows = [(lesson.pk, lesson.quiz_pk) for lesson in lessons]
    lesson_ids = [lesson_id for lesson_id, _quiz in rows]
    quiz_ids = [quiz_id for _lesson, quiz_id in rows if quiz_id is not None]
    done = frozenset(
        LessonProgress.objects.filter(reader_id=reader_id, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )
    attempts: dict[int, int] = {}
    passed_ids: set[int] = set()
    for quiz_id, passed_one in QuizAttempt.objects.filter(
        reader_id=reader_id, quiz_id__in=quiz_ids
    ).values_list("quiz_id", "passed"):
        attempts[quiz_id] = attempts.get(quiz_id, 0) + 1
        if passed_one:
            passed_ids.add(quiz_id)
    passed = frozenset(passed_ids)
    class_id = (
        Enrolment.objects.filter(
            reader_id=reader_id,
            course_class__course=course,
            status=EnrolmentStatus.ENROLLED,
        )
        .order_by("-pk")
        .values_list("course_class_id", flat=True)
        .first()
    )
    meetings = attended = None
    if class_id is not None:
        meetings = ClassMeeting.objects.filter(course_class_id=class_id).count()
        attended = Attendance.objects.filter(
            reader_id=reader_id, meeting__course_class_id=class_id
        ).count()
    rules = policies.CompletionRules(
        lessons=len(lesson_ids),
        quizzes=len(quiz_ids),
        meetings=meetings,
        attendance_percent=course.attendance_percent,
        needs_attendance=class_id is not None or course.format == CourseFormat.IN_LIBRARY,
    )
    facts = policies.CompletionFacts(
        lessons_done=len(done), quizzes_passed=len(passed), meetings_attended=attended or 0
    )
    return CourseProgress(
        course=course,
        lessons=len(lesson_ids),
        lessons_done=len(done),
        done_lesson_ids=done,
        quizzes=len(quiz_ids),
        quizzes_passed=len(passed),
        passed_quiz_ids=passed,
        class_id=class_id,
        meetings=meetings,
        meetings_attended=attended or 0,
        attendance_percent=None
        if meetings is None
        else policies.attendance_percent(attended=attended or 0, meetings=meetings),
        completed=policies.course_completed(rules, facts),
        attempts=attempts,
    )


def quiz_attempts_used(*, reader_id: int, quiz_id: int) -> int:
    return QuizAttempt.objects.filter(reader_id=reader_id, quiz_id=quiz_id).count()
