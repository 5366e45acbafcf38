"""What learning holds about a reader (core/personal_data.py): lessons done, quiz
attempts, enrolments in classes, attendance and certificates. Erasure cancels
active enrolments (the waitlist moves up), deletes lessons done and quiz attempts,
and revokes the certificates with the holder's name blanked (a verification URL
then says "not genuine"); attendance stays with the blanked reader row, so the
classes' statistics still add up."""

from wenlan.core import clock
from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.learning import locks
from wenlan.learning.enums import ACTIVE_ENROLMENT_STATUSES, EnrolmentStatus
from wenlan.learning.models import (
    Attendance,
    Certificate,
    Enrolment,
    LessonProgress,
    QuizAttempt,
)
from wenlan.learning.services.enrolments import promote_waiting


def progress_export(reader_id: int) -> dict:
    lessons = LessonProgress.objects.filter(reader_id=reader_id).select_related("lesson__course")
    attempts = QuizAttempt.objects.filter(reader_id=reader_id).select_related("quiz__lesson")
    return {
        "lessons_done": [
            {
                "course": p.lesson.course.title_zh,
                "lesson": p.lesson.title_zh,
                "completed_at": iso(p.completed_at),
            }
            for p in lessons.order_by("completed_at", "pk")
        ],
        "quiz_attempts": [
            {
                "lesson": a.quiz.lesson.title_zh,
                "number": a.number,
                "score_percent": a.score_percent,
                "passed": a.passed,
                "submitted_at": iso(a.submitted_at),
            }
            for a in attempts.order_by("submitted_at", "pk")
        ],
    }


def progress_erase(reader_id: int) -> None:
    LessonProgress.objects.filter(reader_id=reader_id).delete()
    QuizAttempt.objects.filter(reader_id=reader_id).delete()


def classes_export(reader_id: int) -> dict:
    enrolments = Enrolment.objects.filter(reader_id=reader_id).select_related(
        "course_class__course", "course_class__library"
    )
    attendance = Attendance.objects.filter(reader_id=reader_id).select_related(
        "meeting__course_class__course"
    )
    return {
        "enrolments": [
            {
                "course": e.course_class.course.title_zh,
                "library": e.course_class.library.code,
                "status": e.status,
                "created_at": iso(e.created_at),
                "promoted_at": iso(e.promoted_at),
                "cancelled_at": iso(e.cancelled_at),
            }
            for e in enrolments.order_by("created_at", "pk")
        ],
        "attendance": [
            {
                "course": a.meeting.course_class.course.title_zh,
                "meeting_starts_at": iso(a.meeting.starts_at),
                "method": a.method,
                "at": iso(a.at),
            }
            for a in attendance.order_by("at", "pk")
        ],
    }


def classes_erase(reader_id: int) -> None:
    """Each active enrolment is cancelled under its class's lock (classes in
    primary-key order), and the waitlist moves up."""
    class_ids = sorted(
        set(
            Enrolment.objects.filter(
                reader_id=reader_id, status__in=ACTIVE_ENROLMENT_STATUSES
            ).values_list("course_class_id", flat=True)
        )
    )
    now = clock.now()
    for class_id in class_ids:
        course_class = locks.class_lock(class_id=class_id)
        for enrolment in Enrolment.objects.filter(
            reader_id=reader_id, course_class_id=class_id, status__in=ACTIVE_ENROLMENT_STATUSES
        ):
            if enrolment.status == EnrolmentStatus.ENROLLED:
                course_class.enrolled_count -= 1
            else:
                course_class.waitlist_count -= 1
            enrolment.status = EnrolmentStatus.CANCELLED
            enrolment.cancelled_at = now
            enrolment.save(update_fields=["status", "cancelled_at"])
        promote_waiting(course_class)
        course_class.save(update_fields=["enrolled_count", "waitlist_count"])


def certificates_export(reader_id: int) -> list[dict]:
    return [
        {
            "course": c.course.title_zh,
            "code": c.code,
            "holder_name": c.holder_name,
            "issued_at": iso(c.issued_at),
            "revoked_at": iso(c.revoked_at),
        }
        for c in Certificate.objects.filter(reader_id=reader_id).select_related("course")
    ]


def certificates_erase(reader_id: int) -> None:
    now = clock.now()
    Certificate.objects.filter(reader_id=reader_id, revoked_at__isnull=True).update(revoked_at=now)
    Certificate.objects.filter(reader_id=reader_id).update(holder_name="")


SECTIONS = (
    PersonalDataSection(
        name="learning_progress",
        models=("learning.LessonProgress", "learning.QuizAttempt"),
        export=progress_export,
        erase=progress_erase,
        order=30,
    ),
    PersonalDataSection(
        name="learning_classes",
        models=("learning.Enrolment", "learning.Attendance"),
        export=classes_export,
        erase=classes_erase,
        order=31,
    ),
    PersonalDataSection(
        name="learning_certificates",
        models=("learning.Certificate",),
        export=certificates_export,
        erase=certificates_erase,
        order=32,
    ),
)
