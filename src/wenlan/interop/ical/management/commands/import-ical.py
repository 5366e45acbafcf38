"""`wenlan import-ical URL-or-FILE --organiser CODE`: import a partner's or a
library's iCalendar feed. Run it on a schedule (cron, systemd timer). The last
line of output is one JSON object: how many events were imported, skipped (already
up to date) and failed, the failures with their reasons, and the created, updated,
cancelled and unchanged counts; the exit status is 1 if the feed as a whole could
not be read."""

import json

from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.actors import SYSTEM
from wenlan.core.errors import NotFoundError
from wenlan.events.selectors.events import organiser_ids_get
from wenlan.interop.ical.importer import FeedError, ImportSummary, feed_import, feed_open


class Command(BaseCommand):
    help = "Import events from an iCalendar feed (URL or file), matched by UID."

    def add_arguments(self, parser):
        parser.add_argument("source", help="http(s) URL or path of an .ics file")
        parser.add_argument(
            "--organiser", required=True, help="code of the partner or library the feed is from"
        )

    def handle(self, *args, source: str, organiser: str, **options):
        try:
            found = organiser_ids_get(code=organiser)
        except NotFoundError as error:
            raise CommandError(f"no partner or library with code {organiser!r}") from error
        try:
            with feed_open(source) as stream:
                summary = feed_import(
                    actor=SYSTEM,
                    stream=stream,
                    source=source,
                    organiser_code=organiser,
                    organiser_library_id=found.library_id,
                    organiser_partner_id=found.partner_id,
                )
        except FeedError as error:
            summary = ImportSummary(organiser=organiser, source=source, error=str(error))
        for failed in summary.failed:
            self.stderr.write(f"failed {failed['uid']}: {failed['reason']}")
        self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
        if summary.error:
            raise SystemExit(1)
