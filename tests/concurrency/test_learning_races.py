"""Classes with real threads on PostgreSQL: the last place goes to exactly one
reader (the others wait on the list); one meeting's code sent many times at once
by one reader counts once; two cancellations of one enrolment free one place."""

import datetime as dt

import pytest

from wenlan.core import clock
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.learning.enums import EnrolmentStatus
from wenlan.learning.models import Attendance, CourseClass, Enrolment
from wenlan.learning.services import attendance, enrolments
from wenlan.learning.tests.factories import (
    BASE,
    ClassMeetingFactory,
    CourseClassFactory,
    EnrolmentFactory,
)
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_one_place_left_many_readers_exactly_one_enrols():
    course_class = CourseClassFactory(capacity=3, enrolled_count=2)
    readers = [ReaderFactory() for _ in range(8)]
    outcome = race(
        8, lambda n: enrolments.enrolment_create(actor=readers[n].user, class_id=course_class.pk)
    )
    assert outcome.losses == []
    statuses = sorted(result.enrolment.status for result in outcome.wins)
    assert statuses == ["enrolled"] + ["waitlisted"] * 7
    course_class.refresh_from_db()
    assert (course_class.enrolled_count, course_class.waitlist_count) == (3, 7)
    assert Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED).count() == 1


def test_one_reader_enrolling_many_times_at_once_is_enrolled_once():
    course_class = CourseClassFactory(capacity=5)
    reader = ReaderFactory()
    outcome = race(
        6, lambda n: enrolments.enrolment_create(actor=reader.user, class_id=course_class.pk)
    )
    assert outcome.losses == []
    assert sum(result.created for result in outcome.wins) == 1
    assert Enrolment.objects.filter(reader=reader).count() == 1
    assert CourseClass.objects.get().enrolled_count == 1


def test_a_code_sent_many_times_at_once_counts_once():
    meeting = ClassMeetingFactory(checkin_code="RACE23")
    enrolment = EnrolmentFactory(course_class=meeting.course_class)
    with clock.freeze(BASE + dt.timedelta(minutes=3)):
        outcome = race(
            6,
            lambda n: attendance.attendance_by_code(actor=enrolment.reader.user, code="RACE23"),
        )
    assert outcome.losses == []
    assert sum(result.created for result in outcome.wins) == 1
    assert Attendance.objects.count() == 1


def test_two_cancellations_free_one_place():
    course_class = CourseClassFactory(capacity=1, enrolled_count=1, waitlist_count=2)
    taken = EnrolmentFactory(course_class=course_class)
    first = EnrolmentFactory(course_class=course_class, status="waitlisted")
    second = EnrolmentFactory(course_class=course_class, status="waitlisted")
    race(2, lambda n: enrolments.enrolment_cancel(actor=taken.reader.user, enrolment_id=taken.pk))
    first.refresh_from_db()
    second.refresh_from_db()
    course_class.refresh_from_db()
    assert (first.status, second.status) == ("enrolled", "waitlisted")
    assert (course_class.enrolled_count, course_class.waitlist_count) == (1, 1)
