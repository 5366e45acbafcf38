"""Uploaded images (event pictures, exhibition images): where they are stored,
what is accepted. They are served by `core.views.media_serve`."""

import datetime as dt
import time
import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from wenlan.core import clock

# Pillow's format name → the file extension an upload is stored under, and the
# extension → the type it is served as.
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
# A 360° panorama of 10,000 × 5,000 pixels fits; a "decompression bomb" does not.
MAX_IMAGE_PIXELS = 50_000_000


@deconstructible
class UploadPath:
    """`<folder>/<year>/<month>/<random>.<ext>`: a new, unguessable name for every
    upload, so that a served image never changes and browsers may keep it."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower()
        if suffix == ".jpeg":
            suffix = ".jpg"
        if suffix not in IMAGE_TYPES:
            suffix = ".jpg"
        return f"{self.folder}/{clock.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadPath) and other.folder == self.folder


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under WENLAN_PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT: no address serves
    them (`url()` refuses); the view of the app that keeps them opens them after
    checking the asker's right. The folder is read from the settings at each use."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.WENLAN_PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("a private file has no address; its app's view serves it")

    def deconstruct(self):
        return ("wenlan.core.media.PrivateStorage", (), {})


def validate_image(file) -> None:
    """JPEG, PNG, WebP or GIF, at most WENLAN_UPLOAD_MAX_MB and MAX_IMAGE_PIXELS.
    (Django's ImageField has already checked that Pillow can read it.)"""
    from PIL import Image, UnidentifiedImageError

    limit = settings.WENLAN_UPLOAD_MAX_MB
    if file.size > limit * 1024 * 1024:
        raise ValidationError(
            _("图片不能超过 %(limit)d MB。") % {"limit": limit}, code="image_too_large"
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("无法识别的图片文件。"), code="image_unreadable") from error
    finally:
        if position is not None:
            file.seek(position)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(
            _("只接受 JPEG、PNG、WebP 或 GIF 图片（这是 %(kind)s）。") % {"kind": kind},
            code="image_format",
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("图片尺寸过大（%(width)d × %(height)d 像素）。") % {"width": width, "height": height},
            code="image_too_many_pixels",
        )


def referenced_media() -> set[str]:
    """The names (relative to MEDIA_ROOT) that some row's file field holds, over
    every model, deleted-flagged rows included."""
    from django.apps import apps
    from django.db import models

    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                rows = model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                names.update(
                    name for name in rows.values_list(field.attname, flat=True).iterator() if name
                )
    return names


def unreferenced_media(*, older_than: dt.timedelta) -> list[Path]:
    """Files under MEDIA_ROOT no row refers to (an image replaced or whose event
    was deleted), last changed before `older_than` ago: a younger file may be an
    upload whose form is still being saved."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    kept = referenced_media()
    before = time.time() - older_than.total_seconds()
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.stat().st_mtime >= before:
            continue
        if path.relative_to(root).as_posix() not in kept:
            found.append(path)
    return found
