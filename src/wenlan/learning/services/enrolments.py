"""Enrolment in a class, its waitlist and cancellation, as events' registrations
work: the class's row is locked, then what the rule counts is read, then written;
a partial unique constraint keeps one active enrolment per reader and class.
Waiting readers are served in arrival order (primary key)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can
from wenlan.core import clock
from wenlan.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from wenlan.learning import locks
from wenlan.learning.enums import ACTIVE_ENROLMENT_STATUSES, CourseStatus, EnrolmentStatus
from wenlan.learning.errors import ClassNotOpenError
from wenlan.learning.models import CourseClass, Enrolment
from wenlan.learning.permissions import class_scope
from wenlan.learning.services.progress import acting_reader_id
from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import in_every_language
from wenlan.notices.services import notice_create
from wenlan.patrons.selectors import reader_of


@dataclass(frozen=True)
class EnrolResult:
    enrolment: Enrolment
    created: bool


@transaction.atomic(durable=True)
def enrolment_create(*, actor, class_id: int) -> EnrolResult:
    """The signed-in reader enrols; a full class puts them on its waitlist. Asking
    again while enrolled or waiting returns the same enrolment."""
    reader_id = acting_reader_id(actor)
    course_class = locks.class_lock(class_id=class_id)
    if course_class is None:
        raise NotFoundError()
    existing = Enrolment.objects.filter(
        reader_id=reader_id, course_class=course_class, status__in=ACTIVE_ENROLMENT_STATUSES
    ).first()
    if existing is not None:
        return EnrolResult(existing, False)
    if not course_class.is_open or course_class.course.status != CourseStatus.PUBLISHED:
        raise ClassNotOpenError()
    seat = course_class.places_left > 0
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                reader_id=reader_id,
                course_class=course_class,
                status=EnrolmentStatus.ENROLLED if seat else EnrolmentStatus.WAITLISTED,
                created_at=clock.now(),
            )
    except IntegrityError as error:  # unreachable under the class's lock
        raise ConflictError() from error
    if seat:
        course_class.enrolled_count += 1
    else:
        course_class.waitlist_count += 1
    course_class.save(update_fields=["enrolled_count", "waitlist_count"])
    return EnrolResult(enrolment, True)


def promote_waiting(course_class: CourseClass) -> list[Enrolment]:
    """Fill free places from the waitlist, first come first served; the caller holds
    the class's lock and saves its counters."""
    free = course_class.places_left
    if free == 0 or course_class.waitlist_count == 0:
        return []
    promoted = list(
        Enrolment.objects.filter(
            course_class=course_class, status=EnrolmentStatus.WAITLISTED
        ).order_by("pk")[:free]
    )
    now = clock.now()
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.promoted_at = now
        enrolment.save(update_fields=["status", "promoted_at"])
    course_class.enrolled_count += len(promoted)
    course_class.waitlist_count -= len(promoted)
    for enrolment in promoted:
        _notify_promoted(course_class, enrolment)
    return promoted


def _notify_promoted(course_class: CourseClass, enrolment: Enrolment) -> None:
    """Tells the reader their waiting place became a place in the class, as events
    tells a registration's (NoticeKind.WAITLIST_PROMOTED; once, by its key)."""
    course = course_class.course
    library = course_class.library
    meeting = course_class.meetings.filter(ends_at__gte=clock.now()).order_by("starts_at").first()
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") if meeting else ""
    notice_create(
        reader_id=enrolment.reader_id,
        kind=NoticeKind.WAITLIST_PROMOTED,
        key=f"enrolment:{enrolment.pk}:promoted",
        params={
            "title": in_every_language(lambda: course.title),
            "when": in_every_language(
                lambda: " · ".join(part for part in (when, library.name, course_class.room) if part)
            ),
        },
        link=reverse("learning:my_learning"),
    )


@transaction.atomic
def enrolment_cancel(*, actor, enrolment_id: int) -> Enrolment:
    """By the reader, or by staff of the class's library. A freed place goes to the
    first reader waiting. The class's lock is taken first, then the enrolment is
    read again: two cancellations of one enrolment free one place."""
    found = Enrolment.objects.filter(pk=enrolment_id).values("course_class_id", "reader_id").first()
    if found is None:
        raise NotFoundError()
    course_class = locks.class_lock(class_id=found["course_class_id"])
    if not _may_cancel(actor, found["reader_id"], course_class.library_id):
        raise PermissionDeniedError()
    enrolment = Enrolment.objects.get(pk=enrolment_id)
    if enrolment.status not in ACTIVE_ENROLMENT_STATUSES:
        return enrolment
    if enrolment.status == EnrolmentStatus.ENROLLED:
        course_class.enrolled_count -= 1
    else:
        course_class.waitlist_count -= 1
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = clock.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    promote_waiting(course_class)
    course_class.save(update_fields=["enrolled_count", "waitlist_count"])
    return enrolment


def _may_cancel(actor, reader_id: int, library_id: int) -> bool:
    reader = reader_of(actor)
    if reader is not None and reader.pk == reader_id:
        return True
    if not can(actor, Perm.LEARNING_MANAGE):
        return False
    scope = class_scope(actor)
    return scope is None or library_id in scope
