import datetime as dt

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.learning.enums import EnrolmentStatus
from wenlan.learning.errors import CheckInRefusedError, ClassNotOpenError
from wenlan.learning.models import Attendance, Certificate, CourseClass, Enrolment
from wenlan.learning.services import attendance, classes, enrolments
from wenlan.learning.tests.factories import (
    BASE,
    ClassMeetingFactory,
    CourseClassFactory,
    CourseFactory,
    LessonFactory,
    LessonProgressFactory,
    central_library,
)
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_full_class_keeps_a_waitlist_and_cancel_promotes_the_first():
    course_class = CourseClassFactory(capacity=1)
    first, second, third = ReaderFactory(), ReaderFactory(), ReaderFactory()
    a = enrolments.enrolment_create(actor=first.user, class_id=course_class.pk).enrolment
    b = enrolments.enrolment_create(actor=second.user, class_id=course_class.pk).enrolment
    c = enrolments.enrolment_create(actor=third.user, class_id=course_class.pk).enrolment
    assert [a.status, b.status, c.status] == ["enrolled", "waitlisted", "waitlisted"]
    again = enrolments.enrolment_create(actor=first.user, class_id=course_class.pk)
    assert (again.enrolment.pk, again.created) == (a.pk, False)

    enrolments.enrolment_cancel(actor=first.user, enrolment_id=a.pk)
    enrolments.enrolment_cancel(actor=first.user, enrolment_id=a.pk)  # twice frees one place
    b.refresh_from_db()
    c.refresh_from_db()
    course_class.refresh_from_db()
    assert (b.status, c.status) == (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)
    assert b.promoted_at is not None
    assert (course_class.enrolled_count, course_class.waitlist_count) == (1, 1)


def test_closed_class_refuses():
    course_class = CourseClassFactory(is_open=False)
    with pytest.raises(ClassNotOpenError):
        enrolments.enrolment_create(actor=ReaderFactory().user, class_id=course_class.pk)
    assert not Enrolment.objects.exists()


def test_another_reader_may_not_cancel():
    course_class = CourseClassFactory()
    mine = enrolments.enrolment_create(actor=ReaderFactory().user, class_id=course_class.pk)
    with pytest.raises(PermissionDeniedError):
        enrolments.enrolment_cancel(actor=ReaderFactory().user, enrolment_id=mine.enrolment.pk)
    mine.enrolment.refresh_from_db()
    assert mine.enrolment.status == "enrolled"


def test_district_library_runs_its_own_classes_only():
    central_library()
    district, other = LibraryFactory(), LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=district)
    course = CourseFactory(format="blended")
    made = classes.class_create(
        actor=librarian,
        course_id=course.pk,
        library_id=district.pk,
        room="201",
        teacher_name="张老师",
        capacity=10,
    )
    assert made.library == district
    with pytest.raises(PermissionDeniedError):
        classes.class_create(
            actor=librarian,
            course_id=course.pk,
            library_id=other.pk,
            room="1",
            teacher_name="x",
            capacity=1,
        )
    assert CourseClass.objects.count() == 1


def _enrolled_at_meeting(**class_fields):
    course_class = CourseClassFactory(**class_fields)
    meeting = ClassMeetingFactory(course_class=course_class, checkin_code="ABC234")
    reader = ReaderFactory(name="李雷")
    enrolments.enrolment_create(actor=reader.user, class_id=course_class.pk)
    return course_class, meeting, reader


def test_code_used_twice_counts_once():
    _course_class, meeting, reader = _enrolled_at_meeting()
    with clock.freeze(BASE + dt.timedelta(minutes=5)):
        first = attendance.attendance_by_code(actor=reader.user, code="abc-234")
        second = attendance.attendance_by_code(actor=reader.user, code="ABC234")
    assert (first.created, second.created) == (True, False)
    assert Attendance.objects.filter(reader=reader, meeting=meeting).count() == 1


def test_code_refused_outside_the_meeting_or_when_not_enrolled():
    _course_class, meeting, reader = _enrolled_at_meeting()
    with clock.freeze(BASE - dt.timedelta(hours=2)), pytest.raises(CheckInRefusedError):
        attendance.attendance_by_code(actor=reader.user, code=meeting.checkin_code)
    with clock.freeze(BASE), pytest.raises(CheckInRefusedError):
        attendance.attendance_by_code(actor=ReaderFactory().user, code=meeting.checkin_code)
    with clock.freeze(BASE), pytest.raises(CheckInRefusedError):
        attendance.attendance_by_code(actor=reader.user, code="WRONG1")
    assert not Attendance.objects.exists()


def test_staff_scan_by_card_and_attendance_completes_the_course():
    central_library()
    course_class, meeting, reader = _enrolled_at_meeting()
    LessonProgressFactory(reader=reader, lesson=LessonFactory(course=course_class.course))
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=course_class.library)
    with clock.freeze(BASE + dt.timedelta(minutes=1)):
        result = attendance.attendance_by_scan(
            actor=librarian, meeting_id=meeting.pk, presented=reader.card_number
        )
        again = attendance.attendance_by_scan(
            actor=librarian, meeting_id=meeting.pk, presented=reader.card_number
        )
    assert (result.created, again.created, result.reader_name) == (True, False, "李雷")
    assert Attendance.objects.get().method == "scan"
    # One meeting of one, attended: 100% ≥ 80%, and the one lesson done.
    assert Certificate.objects.filter(reader=reader, course=course_class.course).exists()


def test_other_library_staff_may_not_scan():
    central_library()
    _course_class, meeting, reader = _enrolled_at_meeting()
    stranger = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory())
    with clock.freeze(BASE), pytest.raises(PermissionDeniedError):
        attendance.attendance_by_scan(
            actor=stranger, meeting_id=meeting.pk, presented=reader.card_number
        )
    assert not Attendance.objects.exists()


def test_in_library_course_needs_attendance():
    central_library()
    course_class, meeting, reader = _enrolled_at_meeting()
    ClassMeetingFactory(course_class=course_class)  # a second meeting, missed
    LessonProgressFactory(reader=reader, lesson=LessonFactory(course=course_class.course))
    with clock.freeze(BASE):
        attendance.attendance_by_code(actor=reader.user, code=meeting.checkin_code)
    assert not Certificate.objects.exists()  # 1 of 2 = 50% < 80%
