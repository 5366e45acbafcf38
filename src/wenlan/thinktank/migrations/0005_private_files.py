# The think tank's files leave the media folder for the private one (core.media.PrivateStorage).

import shutil
from pathlib import Path

import wenlan.core.media
import wenlan.thinktank.models
from django.conf import settings
from django.db import migrations, models


def _move(apps, source: Path, target: Path) -> None:
    """Each attachment and report kept under `source` goes to the same name under
    `target` (a re-run moves what is left; a file already there stays)."""
    names = [
        *apps.get_model("thinktank", "ClippingAttachment").objects.values_list("file", flat=True),
        *apps.get_model("thinktank", "ConsultingRequest").objects.values_list("report", flat=True),
    ]
    for name in filter(None, names):
        old, new = source / name, target / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, new)


def to_private(apps, schema_editor):
    _move(apps, Path(settings.MEDIA_ROOT), Path(settings.WENLAN_PRIVATE_MEDIA_ROOT))


def to_media(apps, schema_editor):
    _move(apps, Path(settings.WENLAN_PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT))


class Migration(migrations.Migration):

    dependencies = [
        ('thinktank', '0004_clipping_link_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='clippingattachment',
            name='file',
            field=models.FileField(max_length=200, storage=wenlan.core.media.PrivateStorage(), upload_to=wenlan.thinktank.models.AttachmentPath()),
        ),
        migrations.AlterField(
            model_name='consultingrequest',
            name='report',
            field=models.FileField(blank=True, max_length=200, storage=wenlan.core.media.PrivateStorage(), upload_to=wenlan.thinktank.models.AttachmentPath()),
        ),
        migrations.RunPython(to_private, to_media),
    ]
