"""`wenlan thinktank fetch` reads every subscribed feed (run it from cron, e.g.
hourly); `wenlan thinktank import-feed URL-or-FILE [--topic T]` reads one. Each
ends with one JSON line: new, duplicates, rejected entries with reasons, and the
feeds refused as a whole."""

import json

from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.actors import SYSTEM
from wenlan.core.errors import WenlanError
from wenlan.thinktank.enums import ClippingKind
from wenlan.thinktank.services import feeds


class Command(BaseCommand):
    help = "Think tank feeds: `fetch` reads every subscription, `import-feed` reads one."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("fetch", help="read every active subscription")
        one = commands.add_parser("import-feed", help="read one feed: a URL or a file")
        one.add_argument("location")
        one.add_argument("--topic", default="", help="a topic's code (slug)")
        one.add_argument(
            "--kind", default=ClippingKind.DOMESTIC_POLICY, choices=ClippingKind.values
        )

    def _progress(self, index: int, total: int, feed) -> None:
        self.stderr.write(f"[{index}/{total}] {feed.name}: {feed.location}")

    def handle(self, *args, **options):
        try:
            if options["action"] == "fetch":
                summaries = feeds.feeds_fetch(actor=SYSTEM, progress=self._progress)
            else:
                summaries = [
                    feeds.feed_import(
                        actor=SYSTEM,
                        location=options["location"],
                        topic_slug=options["topic"],
                        kind=options["kind"],
                    )
                ]
        except WenlanError as error:
            raise CommandError(str(error)) from error
        total = {
            "feeds": len(summaries),
            "new": sum(s.new for s in summaries),
            "duplicates": sum(s.duplicates for s in summaries),
            "rejected": [dict(r, feed=s.location) for s in summaries for r in s.rejected],
            "refused": [{"feed": s.location, "reason": s.refused} for s in summaries if s.refused],
        }
        self.stdout.write(json.dumps(total, ensure_ascii=False))
