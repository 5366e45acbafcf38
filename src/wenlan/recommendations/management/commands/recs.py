"""`wenlan recs train [--engine duckdb|spark]` trains the recommendations and the
segments from the current analytics export (a progress bar on stderr, then one
JSON summary line); `wenlan recs schedule` starts the worker's nightly training."""

import json

from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.actors import SYSTEM
from wenlan.analytics.engines import ENGINES
from wenlan.catalog.progress import ProgressBar
from wenlan.core.errors import WenlanError
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tasks import recs_train_schedule


class _Bars:
    def __init__(self, stream):
        self.stream, self.stage, self.bar, self.done = stream, None, None, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            if self.bar is not None:
                self.bar.close()
            self.stage, self.done = stage, 0
            self.bar = ProgressBar(total, label=stage, stream=self.stream)
        self.bar(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = "Recommendations: train from the analytics export, or schedule the nightly run."

    def add_arguments(self, parser):
        jobs = parser.add_subparsers(dest="job", required=True)
        train = jobs.add_parser("train", help="Train the lists and the segments now.")
        train.add_argument("--engine", choices=ENGINES, default="duckdb")
        jobs.add_parser("schedule", help="Queue the worker's nightly training.")

    def handle(self, *args, **options):
        if options["job"] == "schedule":
            queued = recs_train_schedule()
            self.stdout.write(json.dumps({"queued": queued}))
            return
        bars = _Bars(self.stderr)
        try:
            summary = recs_train(actor=SYSTEM, engine=options["engine"], progress=bars)
        except WenlanError as error:
            raise CommandError(str(error)) from error
        finally:
            bars.close()
        self.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False, default=str))
