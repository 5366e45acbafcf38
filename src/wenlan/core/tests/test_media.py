"""Uploaded images: what is accepted, where it goes, how it is served."""

import io
import json
import os
import re
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from wenlan.core import media
from wenlan.core.media import UploadPath, validate_image


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#7a2e2a").save(out, format=kind)
    return out.getvalue()


def upload(data: bytes, name: str = "picture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_every_upload_gets_a_new_name_in_its_folder_by_month():
    path = UploadPath("events")
    first, second = path(None, "Poster.JPEG"), path(None, "Poster.JPEG")
    assert re.fullmatch(r"events/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", first)
    assert first != second
    assert path(None, "no-extension").endswith(".jpg")
    assert path(None, "x.PNG").endswith(".png") and path(None, "x.webp").endswith(".webp")
    assert UploadPath("events") == UploadPath("events") != UploadPath("exhibitions")


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP", "GIF"])
def test_the_four_web_formats_are_accepted(kind):
    file = upload(image_bytes(kind))
    validate_image(file)
    assert file.tell() == 0  # left where the storage will read it from


def test_other_formats_are_refused_with_a_reason():
    with pytest.raises(ValidationError) as refused:
        validate_image(upload(image_bytes("BMP"), "x.bmp"))
    assert refused.value.code == "image_format" and "BMP" in refused.value.messages[0]


def test_a_file_that_is_no_image_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_image(upload(b"<script>alert(1)</script>", "x.png"))
    assert refused.value.code == "image_unreadable"


def test_size_and_pixel_limits(settings, monkeypatch):
    settings.WENLAN_UPLOAD_MAX_MB = 0
    with pytest.raises(ValidationError) as too_large:
        validate_image(upload(image_bytes()))
    assert too_large.value.code == "image_too_large"
    settings.WENLAN_UPLOAD_MAX_MB = 10
    monkeypatch.setattr(media, "MAX_IMAGE_PIXELS", 40 * 30 - 1)
    with pytest.raises(ValidationError) as too_many:
        validate_image(upload(image_bytes(size=(40, 30))))
    assert (
        too_many.value.code == "image_too_many_pixels" and "40 × 30" in too_many.value.messages[0]
    )


def _stored(settings, relative: str, data: bytes):
    path = settings.MEDIA_ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_an_uploaded_image_is_served_to_be_kept(client, settings):
    data = image_bytes()
    _stored(settings, "events/2026/11/abc.png", data)
    response = client.get("/media/events/2026/11/abc.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content) == data
    assert client.head("/media/events/2026/11/abc.png").status_code == 200
    assert client.post("/media/events/2026/11/abc.png").status_code == 405


def test_only_images_inside_the_media_folder_are_served(client, settings):
    _stored(settings, "notes.txt", b"not for the web")
    assert client.get("/media/notes.txt").status_code == 404
    assert client.get("/media/events/none.png").status_code == 404
    (settings.MEDIA_ROOT.parent / "secret.png").write_bytes(image_bytes())
    assert client.get("/media/../secret.png").status_code == 400
    assert client.get("/media/%2e%2e/secret.png").status_code == 400


def _aged(path, *, days: float) -> None:
    when = time.time() - days * 86400
    os.utime(path, (when, when))


@pytest.mark.django_db
def test_clean_media_removes_old_files_no_row_refers_to(settings, capsys):
    from wenlan.events.tests.factories import EventFactory

    root = Path(settings.MEDIA_ROOT)
    event = EventFactory()
    event.image.save("poster.png", ContentFile(image_bytes()), save=True)
    referenced = root / event.image.name
    replaced = root / "events/2025/01/0123456789abcdef0123456789abcdef.png"
    in_flight = root / "events/2026/11/fedcba9876543210fedcba9876543210.png"
    for orphan in (replaced, in_flight):
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_bytes(image_bytes())
    _aged(referenced, days=400)
    _aged(replaced, days=2)

    call_command("clean-media", "--dry-run")
    listed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert listed == {"files": 3, "unreferenced": 1, "removed": 0, "bytes_freed": 0}
    assert replaced.exists()

    call_command("clean-media")
    done = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert done["removed"] == 1 and done["bytes_freed"] == len(image_bytes())
    assert not replaced.exists() and not replaced.parent.exists()  # its empty folder too
    assert referenced.exists() and in_flight.exists()

    call_command("clean-media", "--older-than-hours", "0")
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["removed"] == 1
    assert referenced.exists() and not in_flight.exists()
