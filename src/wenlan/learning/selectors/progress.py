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
    Quiz,
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


def course_progress(*, reader_id: int, course: Course) -> CourseProgress:
    lesson_ids = list(Lesson.objects.filter(course=course).values_list("pk", flat=True))
    done = frozenset(
        LessonProgress.objects.filter(reader_id=reader_id, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )
    quiz_ids = list(Quiz.objects.filter(lesson__course=course).values_list("pk", flat=True))
    passed = frozenset(
        QuizAttempt.objects.filter(reader_id=reader_id, quiz_id__in=quiz_ids, passed=True)
        .order_by()
        .values_list("quiz_id", flat=True)
        .distinct()
    )
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
    )


def quiz_attempts_used(*, reader_id: int, quiz_id: int) -> int:
    return QuizAttempt.objects.filter(reader_id=reader_id, quiz_id=quiz_id).count()
