import pytest

from wenlan.learning.tests.factories import (
    CertificateFactory,
    ClassMeetingFactory,
    CourseClassFactory,
    CourseFactory,
    VideoLessonFactory,
)
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_courses_and_a_course_with_lessons_and_classes(client, django_assert_max_num_queries):
    course = CourseFactory(title_zh="宋韵", format="blended")
    lesson = VideoLessonFactory(course=course)
    CourseFactory(status="draft")
    ClassMeetingFactory(course_class=CourseClassFactory(course=course, capacity=3))
    with django_assert_max_num_queries(4):
        listed = client.get("/api/learning/courses").json()
    assert [c["title_zh"] for c in listed] == ["宋韵"]
    detail = client.get(f"/api/learning/courses/{course.pk}").json()
    assert detail["lessons"][0]["video_url"] == f"/learning/lessons/{lesson.pk}/video"
    assert detail["classes"][0]["places_left"] == 3
    assert len(detail["classes"][0]["meetings"]) == 1


def test_enrol_twice_then_cancel(client):
    course_class = CourseClassFactory(capacity=1)
    reader = ReaderFactory()
    client.force_login(reader.user)
    first = client.post(f"/api/learning/classes/{course_class.pk}/enrolments")
    again = client.post(f"/api/learning/classes/{course_class.pk}/enrolments")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["status"] == "enrolled" and again.json()["id"] == first.json()["id"]
    assert [e["id"] for e in client.get("/api/learning/me/enrolments").json()] == [
        first.json()["id"]
    ]
    cancelled = client.post(f"/api/learning/enrolments/{first.json()['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"


def test_certificate_check_shows_only_what_the_page_shows(client):
    certificate = CertificateFactory(holder_name="欧阳修")
    body = client.get(f"/api/learning/certificates/{certificate.code}").json()
    assert body == {
        "genuine": True,
        "course": certificate.course.title_zh,
        "issued_on": "2026-12-05",
        "holder": "欧**",
    }
    assert client.get("/api/learning/certificates/NOPE").json()["genuine"] is False
