"""`wenlan clean-media [--older-than-hours H] [--dry-run]`

Removes uploaded files no record refers to any more: an event or exhibition image
replaced in the admin, or whose event was deleted. Files changed in the last H
hours (24 by default) stay, as an upload may belong to a form still being saved.
Folders left empty go too. The last line is one JSON object: the files looked at,
those removed (or, with --dry-run, that would be) and the bytes freed."""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wenlan.core.media import unreferenced_media


class Command(BaseCommand):
    help = "Remove uploaded files that no record refers to any more."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=float, default=24.0)
        parser.add_argument("--dry-run", action="store_true", help="list, remove nothing")

    def handle(self, *args, **options):
        hours = options["older_than_hours"]
        if hours < 0:
            raise CommandError("--older-than-hours must be 0 or more")
        root = Path(settings.MEDIA_ROOT)
        files = sum(1 for p in root.rglob("*") if p.is_file()) if root.is_dir() else 0
        orphans = unreferenced_media(older_than=dt.timedelta(hours=hours))
        freed = 0
        for path in orphans:
            self.stderr.write(f"{'would remove' if options['dry_run'] else 'removed'} {path}")
            freed += path.stat().st_size
            if not options["dry_run"]:
                path.unlink()
        if not options["dry_run"]:
            for folder in sorted(root.rglob("*"), reverse=True):  # deepest first
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
        summary = {
            "files": files,
            "unreferenced": len(orphans),
            "removed": 0 if options["dry_run"] else len(orphans),
            "bytes_freed": 0 if options["dry_run"] else freed,
        }
        self.stdout.write(json.dumps(summary))
