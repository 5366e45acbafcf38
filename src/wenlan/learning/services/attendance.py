"""Check-in at a class meeting: the reader types the code shown in the room, or
staff scan the reader's card or e-card. Once per reader and meeting (a unique
constraint): a code used twice counts once."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.core import audit, clock
from wenlan.core.errors import NotFoundError
from wenlan.core.models import AuditAction
from wenlan.learning import locks, policies
from wenlan.learning.enums import CheckInMethod, EnrolmentStatus
from wenlan.learning.errors import CheckInRefusedError
from wenlan.learning.models import Attendance, ClassMeeting, Enrolment
from wenlan.learning.permissions import ensure_can_on_class_library
from wenlan.learning.services.certificates import certificate_issue_if_completed
from wenlan.learning.services.progress import acting_reader_id
from wenlan.patrons.selectors import card_number_resolve

CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class CheckInResult:
    attendance: Attendance
    created: bool
    reader_name: str


def _window_open(meeting: ClassMeeting, now: dt.datetime) -> bool:
    return meeting.starts_at - CHECK_IN_OPENS_BEFORE <= now <= meeting.ends_at


def _record(*, reader_id: int, meeting: ClassMeeting, method: str, by) -> tuple[Attendance, bool]:
    locks.reader_lock(reader_id=reader_id)
    existing = Attendance.objects.filter(reader_id=reader_id, meeting=meeting).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                reader_id=reader_id,
                meeting=meeting,
                method=method,
                at=clock.now(),
                checked_in_by=by,
            )
    except IntegrityError:  # recorded meanwhile: it counts once
        return Attendance.objects.get(reader_id=reader_id, meeting=meeting), False
    certificate_issue_if_completed(reader_id=reader_id, course_id=meeting.course_class.course_id)
    return attendance, True


@transaction.atomic
def attendance_by_code(*, actor, code: str) -> CheckInResult:
    """The reader checks in with a meeting's code, during the meeting (from half an
    hour before), at a class they are enrolled in."""
    reader_id = acting_reader_id(actor)
    meeting = (
        ClassMeeting.objects.select_related("course_class__course")
        .filter(checkin_code=policies.code_normalise(code))
        .first()
    )
    if meeting is None:
        raise CheckInRefusedError()
    if not Enrolment.objects.filter(
        reader_id=reader_id, course_class=meeting.course_class, status=EnrolmentStatus.ENROLLED
    ).exists():
        raise CheckInRefusedError(_("您没有报名这个班级。"))
    if not _window_open(meeting, clock.now()):
        raise CheckInRefusedError(_("现在不是这次课的签到时间。"))
    attendance, created = _record(
        reader_id=reader_id, meeting=meeting, method=CheckInMethod.CODE, by=None
    )
    return CheckInResult(attendance, created, "")


@transaction.atomic
def attendance_by_scan(*, actor, meeting_id: int, presented: str) -> CheckInResult:
    """Staff of the class's library scan a reader's card or e-card at a meeting."""
    meeting = (
        ClassMeeting.objects.select_related("course_class__course").filter(pk=meeting_id).first()
    )
    if meeting is None:
        raise NotFoundError()
    ensure_can_on_class_library(actor, meeting.course_class.library_id)
    card_number = card_number_resolve(presented=presented)
    enrolment = (
        Enrolment.objects.select_related("reader")
        .filter(
            course_class=meeting.course_class,
            reader__card_number=card_number,
            status=EnrolmentStatus.ENROLLED,
        )
        .first()
    )
    if enrolment is None:
        raise CheckInRefusedError(_("该读者没有报名这个班级。"))
    if not _window_open(meeting, clock.now()):
        raise CheckInRefusedError(_("现在不是这次课的签到时间。"))
    attendance, created = _record(
        reader_id=enrolment.reader_id,
        meeting=meeting,
        method=CheckInMethod.SCAN,
        by=acting_user(actor),
    )
    if created:
        audit.audit_record(
            actor=acting_user(actor),
            action=AuditAction.CREATE,
            subject=attendance,
            fields=["reader", "meeting"],
        )
    return CheckInResult(attendance, created, enrolment.reader.name)
