"""Classes as readers and staff see them, and the report of classes, enrolments,
attendance and completion (every library's for the central library, a library's
own otherwise: `permissions.class_scope`)."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.learning.enums import ACTIVE_ENROLMENT_STATUSES, EnrolmentStatus
from wenlan.learning.models import Attendance, Certificate, ClassMeeting, CourseClass, Enrolment
from wenlan.learning.permissions import class_scope


def class_list_open(*, course_id: int) -> list[CourseClass]:
    return list(
        CourseClass.objects.filter(course_id=course_id, is_open=True)
        .select_related("library")
        .prefetch_related("meetings")
        .order_by("library__code", "pk")
    )


def enrolments_of_reader_by_class(*, reader_id: int) -> dict[int, Enrolment]:
    return {
        e.course_class_id: e
        for e in Enrolment.objects.filter(reader_id=reader_id, status__in=ACTIVE_ENROLMENT_STATUSES)
    }


def enrolments_of_reader(*, reader_id: int) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(reader_id=reader_id, status__in=ACTIVE_ENROLMENT_STATUSES)
        .select_related("course_class__course", "course_class__library")
        .prefetch_related("course_class__meetings")
        .order_by("-pk")
    )


def waitlist_position(enrolment: Enrolment) -> int | None:
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    return Enrolment.objects.filter(
        course_class_id=enrolment.course_class_id,
        status=EnrolmentStatus.WAITLISTED,
        pk__lte=enrolment.pk,
    ).count()


def _scoped(actor) -> QuerySet[CourseClass]:
    ensure_can(actor, Perm.LEARNING_MANAGE)
    classes = CourseClass.objects.select_related("course", "library")
    scope = class_scope(actor)
    return classes if scope is None else classes.filter(library_id__in=scope)


def class_list_for_staff(*, actor) -> QuerySet[CourseClass]:
    return _scoped(actor).annotate(meeting_count=Count("meetings")).order_by("-pk")


def class_get_for_staff(*, actor, class_id: int) -> CourseClass:
    course_class = _scoped(actor).filter(pk=class_id).first()
    if course_class is None:
        if CourseClass.objects.filter(pk=class_id).exists():
            raise PermissionDeniedError()
        raise NotFoundError()
    return course_class


def class_meetings(*, course_class: CourseClass) -> list[ClassMeeting]:
    return list(
        ClassMeeting.objects.filter(course_class=course_class)
        .annotate(attended=Count("attendances"))
        .order_by("starts_at")
    )


def class_enrolments(*, course_class: CourseClass) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(course_class=course_class, status__in=ACTIVE_ENROLMENT_STATUSES)
        .select_related("reader")
        .order_by("status", "pk")
    )


@dataclass(frozen=True)
class ClassReportRow:
    course_class: CourseClass
    enrolled: int
    waiting: int
    meetings: int
    attendances: int
    attendance_percent: int | None
    completed: int


def class_report(*, actor) -> list[ClassReportRow]:
    """Per class: enrolled, waiting, meetings, attendances (and the share of places
    attended), and readers of the class holding the course's certificate."""
    classes = list(class_list_for_staff(actor=actor).order_by("library__code", "-pk"))
    ids = [c.pk for c in classes]
    attendances = dict(
        Attendance.objects.filter(meeting__course_class_id__in=ids)
        .values("meeting__course_class_id")
        .annotate(n=Count("pk"))
        .values_list("meeting__course_class_id", "n")
    )
    enrolled_readers: dict[int, set[int]] = {}
    for class_id, reader_id in Enrolment.objects.filter(
        course_class_id__in=ids, status=EnrolmentStatus.ENROLLED
    ).values_list("course_class_id", "reader_id"):
        enrolled_readers.setdefault(class_id, set()).add(reader_id)
    certified: dict[int, set[int]] = {}
    course_ids = {c.course_id for c in classes}
    for course_id, reader_id in Certificate.objects.filter(
        course_id__in=course_ids, revoked_at__isnull=True
    ).values_list("course_id", "reader_id"):
        certified.setdefault(course_id, set()).add(reader_id)
    rows = []
    for c in classes:
        readers = enrolled_readers.get(c.pk, set())
        places = len(readers) * c.meeting_count
        attended = attendances.get(c.pk, 0)
        rows.append(
            ClassReportRow(
                course_class=c,
                enrolled=c.enrolled_count,
                waiting=c.waitlist_count,
                meetings=c.meeting_count,
                attendances=attended,
                attendance_percent=attended * 100 // places if places else None,
                completed=len(readers & certified.get(c.course_id, set())),
            )
        )
    return rows


def meeting_get_for_staff(*, actor, meeting_id: int) -> ClassMeeting:
    meeting = (
        ClassMeeting.objects.select_related("course_class__course", "course_class__library")
        .annotate(attended=Count("attendances"))
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFoundError()
    scope = class_scope(actor)
    if scope is not None and meeting.course_class.library_id not in scope:
        raise PermissionDeniedError()
    return meeting
