"""Video uploads are checked by content and size; stored videos are served in byte
ranges, streamed (a 200 MB file with flat memory)."""

import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import PermissionDeniedError
from wenlan.learning.enums import CourseStatus, LessonKind
from wenlan.learning.errors import CaptionsRejectedError, UploadTooLargeError, VideoRejectedError
from wenlan.learning.models import Lesson
from wenlan.learning.services import courses
from wenlan.learning.tests.factories import (
    MP4_HEAD,
    VTT,
    WEBM_HEAD,
    CourseFactory,
    LessonFactory,
    central_library,
)
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return staff_with_role(Role.BRANCH_LIBRARIAN, library=central_library())


def _video_fields(position=1):
    return courses.LessonFields(kind=LessonKind.VIDEO, position=position, title_zh="第一课")


def test_mp4_upload_stored_under_media_with_its_type(manager, settings):
    course = CourseFactory()
    upload = SimpleUploadedFile("anything.bin", MP4_HEAD + b"\x00" * 100)
    vtt = SimpleUploadedFile("zh.vtt", VTT)
    lesson = courses.lesson_save(
        actor=manager,
        course_id=course.pk,
        fields=_video_fields(),
        uploads=courses.LessonUploads(video=upload, captions_zh=vtt),
    )
    assert lesson.video.name.startswith("learning/videos/") and lesson.video.name.endswith(".mp4")
    assert lesson.video_type == "video/mp4"
    assert (Path(settings.MEDIA_ROOT) / lesson.video.name).read_bytes()[:12] == MP4_HEAD[:12]
    assert lesson.captions_zh.name.endswith(".vtt")


def test_webm_named_mp4_is_stored_as_webm(manager):
    course = CourseFactory()
    upload = SimpleUploadedFile("clip.mp4", WEBM_HEAD + b"\x00" * 100)
    lesson = courses.lesson_save(
        actor=manager,
        course_id=course.pk,
        fields=_video_fields(),
        uploads=courses.LessonUploads(video=upload),
    )
    assert lesson.video.name.endswith(".webm") and lesson.video_type == "video/webm"


def test_html_named_mp4_is_refused_and_nothing_stored(manager, settings):
    course = CourseFactory()
    upload = SimpleUploadedFile("video.mp4", b"<html><script>alert(1)</script></html>")
    with pytest.raises(VideoRejectedError):
        courses.lesson_save(
            actor=manager,
            course_id=course.pk,
            fields=_video_fields(),
            uploads=courses.LessonUploads(video=upload),
        )
    assert not Lesson.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "learning").exists()


def test_oversized_video_is_refused(manager, settings):
    settings.WENLAN_LEARNING_VIDEO_MAX_MB = 1
    upload = SimpleUploadedFile("big.mp4", MP4_HEAD + b"\x00" * (1024 * 1024))
    with pytest.raises(UploadTooLargeError):
        courses.lesson_save(
            actor=manager,
            course_id=CourseFactory().pk,
            fields=_video_fields(),
            uploads=courses.LessonUploads(video=upload),
        )
    assert not Lesson.objects.exists()


def test_srt_captions_are_refused(manager):
    with pytest.raises(CaptionsRejectedError):
        courses.lesson_save(
            actor=manager,
            course_id=CourseFactory().pk,
            fields=_video_fields(),
            uploads=courses.LessonUploads(
                video=SimpleUploadedFile("v.mp4", MP4_HEAD),
                captions_en=SimpleUploadedFile("en.vtt", b"1\n00:00:01,000 --> 00:00:02,000\n"),
            ),
        )


def test_district_librarian_may_not_edit_courses():
    central_library()
    district = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory())
    with pytest.raises(PermissionDeniedError):
        courses.lesson_save(
            actor=district,
            course_id=CourseFactory().pk,
            fields=courses.LessonFields(kind=LessonKind.TEXT, position=1, title_zh="x"),
        )


def test_staff_page_upload_gives_a_clear_error(client, manager):
    course = CourseFactory()
    client.force_login(manager)
    response = client.post(
        reverse("learning:staff_lesson_new", args=[course.pk]),
        {
            "kind": "video",
            "position": 1,
            "title_zh": "第一课",
            "video": SimpleUploadedFile("v.mp4", b"not a video at all"),
        },
    )
    assert response.status_code == 200
    assert "只接受 MP4 或 WebM 视频。" in response.content.decode()
    assert not Lesson.objects.exists()


def _lesson_with_file(settings, data: bytes, *, name="learning/videos/t.mp4", status="published"):
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return LessonFactory(
        kind=LessonKind.VIDEO,
        video=name,
        video_type="video/mp4",
        course=CourseFactory(status=status),
    )


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_range_request_answers_206(client, settings):
    data = bytes(range(256)) * 4
    lesson = _lesson_with_file(settings, data)
    url = reverse("learning:lesson_video", args=[lesson.pk])
    response = client.get(url, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 100-199/1024"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == "100"
    assert _body(response) == data[100:200]
    tail = client.get(url, HTTP_RANGE="bytes=-24")
    assert tail["Content-Range"] == "bytes 1000-1023/1024" and _body(tail) == data[1000:]


def test_no_range_answers_whole_file(client, settings):
    data = b"\x00ftyp" + b"x" * 500
    lesson = _lesson_with_file(settings, data)
    response = client.get(reverse("learning:lesson_video", args=[lesson.pk]))
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert _body(response) == data


def test_bad_range_answers_416(client, settings):
    lesson = _lesson_with_file(settings, b"x" * 100)
    response = client.get(
        reverse("learning:lesson_video", args=[lesson.pk]), HTTP_RANGE="bytes=500-600"
    )
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */100"


def test_draft_course_video_is_not_served_to_readers(client, settings):
    lesson = _lesson_with_file(settings, b"x" * 100, status=CourseStatus.DRAFT)
    response = client.get(reverse("learning:lesson_video", args=[lesson.pk]))
    assert response.status_code in (302, 403, 404)


@pytest.mark.slow
def test_200_mb_video_streams_with_flat_memory(client, settings):
    """A sparse 200 MB file (no disk used): a range near its end and the whole file
    are served with the Python heap growing by well under a megabyte."""
    size = 200 * 1024 * 1024
    name = "learning/videos/big.mp4"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    marker = b"WENLAN-MARKER-0123456789"
    with path.open("wb") as handle:
        handle.write(MP4_HEAD)
        handle.seek(size - 1000)
        handle.write(marker)
        handle.truncate(size)
    lesson = LessonFactory(kind=LessonKind.VIDEO, video=name, video_type="video/mp4")
    url = reverse("learning:lesson_video", args=[lesson.pk])

    tracemalloc.start()
    try:
        response = client.get(url, HTTP_RANGE=f"bytes={size - 1000}-{size - 1000 + 99}")
        assert response.status_code == 206
        assert response["Content-Range"] == f"bytes {size - 1000}-{size - 901}/{size}"
        body = _body(response)
        assert body[: len(marker)] == marker and len(body) == 100

        tracemalloc.reset_peak()
        whole = client.get(url)
        assert whole.status_code == 200 and whole["Content-Length"] == str(size)
        received = 0
        for chunk in whole.streaming_content:
            received += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert received == size
    assert peak < 2 * 1024 * 1024, f"peak {peak} bytes while streaming {size}"
    whole.close()


def test_behind_nginx_the_video_is_an_accel_redirect(client, settings):
    settings.WENLAN_LEARNING_ACCEL_REDIRECT = "/protected-media/"
    lesson = _lesson_with_file(settings, b"x" * 100)
    response = client.get(reverse("learning:lesson_video", args=[lesson.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/learning/videos/t.mp4"
    assert response.content == b""
