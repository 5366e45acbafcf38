"""Uploaded images (event pictures, exhibition images): where they are stored,
what is accepted. They are served by `core.views.media_serve`."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
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
