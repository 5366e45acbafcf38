"""`wenlan reindex`: rebuild this node's catalog search index from the database,
with a progress bar; `--sync` only applies the outbox changes not yet applied."""

import json
import time

from django.core.management.base import BaseCommand

from wenlan.catalog.indexing import index_rebuild, index_sync
from wenlan.catalog.progress import ProgressBar
from wenlan.catalog.selectors.records import records_live_count


class Command(BaseCommand):
    help = "Rebuild the catalog search index from the database."

    def add_arguments(self, parser):
        parser.add_argument("--sync", action="store_true", help="apply pending changes only")
        parser.add_argument("--workers", type=int, default=None, help="tokenising processes")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["sync"]:
            count = index_sync()
        else:
            bar = ProgressBar(
                records_live_count(),
                label="reindex",
                stream=self.stderr._out,
            )
            try:
                count = index_rebuild(progress=bar, workers=options["workers"])
            finally:
                bar.close()
        seconds = time.monotonic() - started
        self.stdout.write(json.dumps({"records": count, "seconds": round(seconds, 2)}))
