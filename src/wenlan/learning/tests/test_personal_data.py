import pytest

from wenlan.learning.models import Attendance, Enrolment, LessonProgress, QuizAttempt
from wenlan.learning.personal_data import SECTIONS
from wenlan.learning.selectors.certificates import certificate_verify
from wenlan.learning.tests.factories import (
    AttendanceFactory,
    CertificateFactory,
    ClassMeetingFactory,
    CourseClassFactory,
    EnrolmentFactory,
    LessonProgressFactory,
    QuizAttemptFactory,
)
from wenlan.patrons.services import reader_erase, reader_export_data
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    reader = ReaderFactory(name="王芳")
    course_class = CourseClassFactory(capacity=1, enrolled_count=1, waitlist_count=1)
    EnrolmentFactory(reader=reader, course_class=course_class)
    waiting = EnrolmentFactory(course_class=course_class, status="waitlisted")
    AttendanceFactory(reader=reader, meeting=ClassMeetingFactory(course_class=course_class))
    LessonProgressFactory(reader=reader)
    QuizAttemptFactory(reader=reader)
    certificate = CertificateFactory(reader=reader)
    return reader, course_class, waiting, certificate


def test_export_holds_every_learning_key(learner):
    reader = learner[0]
    data = reader_export_data(actor=reader.user, reader_id=reader.pk)
    assert len(data["learning_progress"]["lessons_done"]) == 1
    assert data["learning_progress"]["quiz_attempts"][0]["passed"] is True
    assert data["learning_classes"]["enrolments"][0]["status"] == "enrolled"
    assert data["learning_classes"]["attendance"][0]["method"] == "code"
    assert data["learning_certificates"][0]["holder_name"] == "王芳"
    assert {s.name for s in SECTIONS} <= set(data)


def test_erasure_cancels_places_promotes_and_revokes_certificates(learner):
    reader, course_class, waiting, certificate = learner
    reader_erase(actor=reader.user, reader_id=reader.pk)
    waiting.refresh_from_db()
    course_class.refresh_from_db()
    assert waiting.status == "enrolled"
    assert (course_class.enrolled_count, course_class.waitlist_count) == (1, 0)
    assert Enrolment.objects.get(reader=reader).status == "cancelled"
    assert not LessonProgress.objects.filter(reader=reader).exists()
    assert not QuizAttempt.objects.filter(reader=reader).exists()
    assert Attendance.objects.filter(reader=reader).count() == 1  # statistics, anonymous
    certificate.refresh_from_db()
    assert certificate.holder_name == "" and certificate.revoked_at is not None
    assert not certificate_verify(code=certificate.code).genuine


def test_the_reader_promoted_from_the_waitlist_is_told(learner):
    from wenlan.notices.models import Notice

    reader, course_class, waiting, _certificate = learner
    reader_erase(actor=reader.user, reader_id=reader.pk)
    notice = Notice.objects.get(reader=waiting.reader)
    assert (notice.kind, notice.key) == ("waitlist_promoted", f"enrolment:{waiting.pk}:promoted")
    assert notice.params["title"]["zh-hans"] == course_class.course.title_zh
