"""`/api/learning/...`: published courses with their lessons and classes, a
reader's enrolments (enrol, cancel), and a certificate's public check."""

from django.urls import reverse
from ninja import Router, Status

from wenlan.core.errors import NotFoundError
from wenlan.core.ids import RowId
from wenlan.learning.models import Course, CourseClass, Enrolment
from wenlan.learning.schemas import (
    CertificateCheckOut,
    CourseDetailOut,
    CourseOut,
    EnrolmentOut,
)
from wenlan.learning.selectors import classes as class_selectors
from wenlan.learning.selectors.certificates import certificate_verify
from wenlan.learning.selectors.courses import course_get_published, course_list_published
from wenlan.learning.services import enrolments
from wenlan.patrons.selectors import reader_of

router = Router(tags=["learning"])


def _course_out(course: Course) -> dict:
    return {
        "id": course.pk,
        "title": course.title,
        "title_zh": course.title_zh,
        "title_en": course.title_en,
        "provider": course.provider.name,
        "provider_kind": course.provider.kind,
        "format": course.format,
        "summary": course.summary,
    }


def _class_out(course_class: CourseClass) -> dict:
    return {
        "id": course_class.pk,
        "library": course_class.library.code,
        "room": course_class.room,
        "teacher_name": course_class.teacher_name,
        "capacity": course_class.capacity,
        "places_left": course_class.places_left,
        "waiting": course_class.waitlist_count,
        "meetings": [
            {"starts_at": m.starts_at, "ends_at": m.ends_at} for m in course_class.meetings.all()
        ],
    }


def _enrolment_out(enrolment: Enrolment) -> dict:
    return {
        "id": enrolment.pk,
        "class_id": enrolment.course_class_id,
        "course_id": enrolment.course_class.course_id,
        "status": enrolment.status,
        "created_at": enrolment.created_at,
    }


@router.get("/courses", response=list[CourseOut], auth=None, summary="Published courses")
def courses(request):
    return [_course_out(course) for course in course_list_published()]


@router.get(
    "/courses/{course_id}",
    response=CourseDetailOut,
    auth=None,
    summary="A published course: its lessons in order and the classes libraries run of it",
)
def course(request, course_id: RowId):
    found = course_get_published(course_id=course_id)
    lessons = [
        {
            "id": lesson.pk,
            "position": lesson.position,
            "kind": lesson.kind,
            "title": lesson.title,
            "has_quiz": hasattr(lesson, "quiz"),
            "video_url": reverse("learning:lesson_video", args=[lesson.pk])
            if lesson.video
            else None,
        }
        for lesson in found.lessons.select_related("quiz")
    ]
    return {
        **_course_out(found),
        "lessons": lessons,
        "classes": [_class_out(c) for c in class_selectors.class_list_open(course_id=found.pk)],
    }


@router.post(
    "/classes/{class_id}/enrolments",
    response={200: EnrolmentOut, 201: EnrolmentOut},
    summary="Enrol in a class (a full class puts the reader on its waiting list)",
)
def enrolment_create(request, class_id: RowId):
    result = enrolments.enrolment_create(actor=request.auth, class_id=class_id)
    return Status(201 if result.created else 200, _enrolment_out(result.enrolment))


@router.get("/me/enrolments", response=list[EnrolmentOut], summary="My enrolments")
def my_enrolments(request):
    reader = reader_of(request.auth)
    if reader is None:
        raise NotFoundError()  # as every "me" list: a caller without a card has none
    return [_enrolment_out(e) for e in class_selectors.enrolments_of_reader(reader_id=reader.pk)]


@router.post(
    "/enrolments/{enrolment_id}/cancel",
    response=EnrolmentOut,
    summary="Cancel an enrolment (the first reader waiting gets the place)",
)
def enrolment_cancel(request, enrolment_id: RowId):
    enrolment = enrolments.enrolment_cancel(actor=request.auth, enrolment_id=enrolment_id)
    return _enrolment_out(enrolment)


@router.get(
    "/certificates/{code}",
    response=CertificateCheckOut,
    auth=None,
    summary="Whether a certificate is genuine: its course, date and masked holder only",
)
def certificate_check(request, code: str):
    result = certificate_verify(code=code[:64])
    return {
        "genuine": result.genuine,
        "course": result.course.title if result.course else None,
        "issued_on": result.issued_on,
        "holder": result.holder_masked,
    }
