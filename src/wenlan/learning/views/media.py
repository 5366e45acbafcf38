"""A lesson's video (in byte ranges, so a player seeks), its captions and its file.
Streamed from disk in chunks; behind nginx an operator may serve MEDIA_ROOT
directly or through X-Accel-Redirect instead (docs/operators.md)."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from wenlan.learning import policies, video
from wenlan.learning.selectors.courses import lesson_for_media


def _path(field) -> Path:
    if not field:
        raise Http404()
    path = Path(safe_join(settings.MEDIA_ROOT, field.name))
    if not path.is_file():
        raise Http404()
    return path


@require_safe
def lesson_video(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = lesson_for_media(lesson_id=lesson_id, actor=request.user)
    path = _path(lesson.video)
    prefix = settings.WENLAN_LEARNING_ACCEL_REDIRECT
    if prefix:  # nginx serves the bytes, ranges included (docs/operators.md)
        response = HttpResponse(content_type=lesson.video_type or "video/mp4")
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + lesson.video.name
        return response
    size = path.stat().st_size
    content_type = lesson.video_type or "video/mp4"
    try:
        wanted = policies.byte_range(request.headers.get("Range"), size)
    except policies.RangeNotSatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    if wanted is None:
        response = FileResponse(path.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        first, last = wanted
        length = last - first + 1
        response = StreamingHttpResponse(
            video.file_chunks(path, start=first, length=length),
            status=206,
            content_type=content_type,
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
def lesson_captions(request: HttpRequest, lesson_id: int, language: str) -> HttpResponse:
    lesson = lesson_for_media(lesson_id=lesson_id, actor=request.user)
    field = {"zh": lesson.captions_zh, "en": lesson.captions_en}.get(language)
    if field is None:
        raise Http404()
    response = FileResponse(_path(field).open("rb"), content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
def lesson_file(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = lesson_for_media(lesson_id=lesson_id, actor=request.user)
    return FileResponse(
        _path(lesson.file).open("rb"),
        as_attachment=True,
        filename=lesson.file_name or Path(lesson.file.name).name,
        content_type="application/octet-stream",
    )
