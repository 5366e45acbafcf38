import io

import pytest
from django.core.management import call_command

from wenlan.learning.models import Certificate, Course, CourseClass, Enrolment, Lesson

pytestmark = pytest.mark.django_db


def test_demo_courses_classes_and_a_finished_course_that_verifies(whole_demo, client):
    counts = (Course.objects.count(), CourseClass.objects.count(), Enrolment.objects.count())
    assert Course.objects.values("provider").distinct().count() == 3
    assert CourseClass.objects.values("library").distinct().count() >= 3
    assert Certificate.objects.count() == 1
    call_command("demo", stdout=io.StringIO())  # twice: the same state
    assert (
        Course.objects.count(),
        CourseClass.objects.count(),
        Enrolment.objects.count(),
    ) == counts
    assert Certificate.objects.count() == 1 and Lesson.objects.filter(kind="video").count() == 2

    learning = whole_demo.credentials()["learning"]
    assert client.get(learning["course_url"]).status_code == 200
    video = client.get(learning["lesson_video_url"], HTTP_RANGE="bytes=0-3")
    assert video.status_code == 206 and b"".join(video.streaming_content) == b"\x1a\x45\xdf\xa3"
    verify = client.get(learning["certificate_verify_url"])
    assert verify.status_code == 200 and "证书真实有效" in verify.content.decode()
