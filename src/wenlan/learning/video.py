"""Lesson videos: what an upload must be, and serving a stored one in byte ranges,
streamed from disk in chunks (a player seeks; nothing is read whole)."""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from wenlan.learning import policies
from wenlan.learning.errors import CaptionsRejectedError, UploadTooLargeError, VideoRejectedError

CHUNK_BYTES = 64 * 1024
SNIFF_BYTES = 64


def _head(upload, count: int = SNIFF_BYTES) -> bytes:
    upload.seek(0)
    head = upload.read(count)
    upload.seek(0)
    return head


def video_check(upload) -> str:
    """The suffix (".mp4" or ".webm") an uploaded video is stored under, decided by
    its first bytes; a file too large or of another kind is refused."""
    limit = settings.WENLAN_LEARNING_VIDEO_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise UploadTooLargeError(
            _("视频不能超过 %(limit)d MB。") % {"limit": limit}, field="video"
        )
    suffix = policies.video_container(_head(upload))
    if suffix is None:
        raise VideoRejectedError(field="video")
    return suffix


def captions_check(upload, *, field: str) -> None:
    if upload.size > 2 * 1024 * 1024:
        raise UploadTooLargeError(_("字幕文件不能超过 2 MB。"), field=field)
    if not policies.captions_valid(_head(upload, 16)):
        raise CaptionsRejectedError(field=field)


def file_check(upload) -> None:
    limit = settings.WENLAN_LEARNING_FILE_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise UploadTooLargeError(_("文件不能超过 %(limit)d MB。") % {"limit": limit}, field="file")


def file_chunks(path: Path, *, start: int, length: int) -> Iterator[bytes]:
    """`length` bytes of the file from `start`, CHUNK_BYTES at a time."""
    with path.open("rb") as handle:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK_BYTES, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk
