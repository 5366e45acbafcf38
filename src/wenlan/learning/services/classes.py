"""A library adopts a course and runs a class of it; its meetings."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.core.errors import ConflictError, NotFoundError, ValidationError
from wenlan.core.models import model_full_clean
from wenlan.learning import locks, policies
from wenlan.learning.enums import CourseFormat, CourseStatus
from wenlan.learning.models import ClassMeeting, Course, CourseClass
from wenlan.learning.permissions import ensure_can_on_class_library


@transaction.atomic
def class_create(
    *,
    actor,
    course_id: int,
    library_id: int,
    room: str,
    teacher_name: str,
    capacity: int,
) -> CourseClass:
    """A class of a published in-library or blended course at a library where the
    actor manages learning."""
    ensure_can_on_class_library(actor, library_id)
    course = Course.objects.filter(pk=course_id).first()
    if course is None:
        raise NotFoundError()
    if course.status != CourseStatus.PUBLISHED or course.format == CourseFormat.ONLINE:
        raise ValidationError(_("只有已发布的到馆或线上线下结合课程可以开班。"), field="course")
    course_class = CourseClass(
        course=course,
        library_id=library_id,
        room=room,
        teacher_name=teacher_name,
        capacity=capacity,
    )
    model_full_clean(course_class, exclude=["course", "library"])
    course_class.save()
    return course_class


@transaction.atomic
def meeting_add(
    *, actor, class_id: int, starts_at: dt.datetime, ends_at: dt.datetime
) -> ClassMeeting:
    course_class = CourseClass.objects.filter(pk=class_id).first()
    if course_class is None:
        raise NotFoundError()
    ensure_can_on_class_library(actor, course_class.library_id)
    if ends_at <= starts_at:
        raise ValidationError(_("结束时间须晚于开始时间。"), field="ends_at")
    for _try in range(5):
        try:
            with transaction.atomic():
                return ClassMeeting.objects.create(
                    course_class=course_class,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    checkin_code=policies.code_new(policies.CHECKIN_CODE_LENGTH),
                )
        except IntegrityError:
            continue  # a code clash (31^6 codes): draw again
    raise ConflictError()


@transaction.atomic
def class_set_open(*, actor, class_id: int, is_open: bool) -> CourseClass:
    course_class = locks.class_lock(class_id=class_id)
    if course_class is None:
        raise NotFoundError()
    ensure_can_on_class_library(actor, course_class.library_id)
    course_class.is_open = is_open
    course_class.save(update_fields=["is_open", "updated_at"])
    return course_class
