"""`wenlan rankings load FILE --kind K --source CODE [--map ...] | compute --period P
[--category C] [--engine duckdb|spark] [--top N] [--weights ...] | network --period M`

load     validates and loads one feed file; the last line is its JSON report:
         accepted, rejected, replaced, errors [{row, reason}] (refused: why).
compute  ranks the period's works; progress on stderr, the last line the ranking
         as one JSON object {period, engine, categories: {...}}.
network  loads the network's own loans of a month from the analytics export.
rollup   builds the yearly rollups that are missing or stale (a task does it after
         each loans upload); --year rebuilds one."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import WenlanError
from wenlan.rankings import feedfiles, network, rollups
from wenlan.rankings.enums import Category, FeedKind
from wenlan.rankings.pipeline import ENGINES
from wenlan.rankings.ranking import ranking_compute, ranking_output, weights_checked
from wenlan.rankings.services import feed_upload


class Command(BaseCommand):
    help = "China Reading rankings: load feeds, compute rankings."

    def add_arguments(self, parser):
        jobs = parser.add_subparsers(dest="job", required=True)
        load = jobs.add_parser("load", help="Load one feed file.")
        load.add_argument("file")
        load.add_argument("--kind", choices=FeedKind.values, required=True)
        load.add_argument("--source", required=True, help="the feed source's code")
        load.add_argument(
            "--map",
            default="",
            help="column mapping: ours=theirs,...,ours='constant' or a JSON mapping file",
        )
        load.add_argument(
            "--max-errors",
            type=int,
            default=None,
            help="refuse the file at this many bad rows (default WENLAN_RANKINGS_MAX_ERRORS)",
        )
        compute = jobs.add_parser("compute", help="Compute a period's ranking.")
        compute.add_argument("--period", required=True, help="2026-03, 2026-Q1 or 2026")
        compute.add_argument("--category", choices=Category.values, default="all")
        compute.add_argument("--engine", choices=ENGINES, default="duckdb")
        compute.add_argument("--top", type=int, default=50)
        compute.add_argument("--weights", default="", help="loans=1,breadth=0.5,...")
        own = jobs.add_parser("network", help="Load the network's own loans of a month.")
        own.add_argument("--period", required=True, help="a month, 2026-03")
        rollup = jobs.add_parser(
            "rollup", help="Build the yearly rollups that are missing or stale (or one year)."
        )
        rollup.add_argument("--year", default="", help="rebuild this year (e.g. 2025)")

    def handle(self, *args, **options):
        try:
            getattr(self, "_" + options["job"])(options)
        except WenlanError as error:
            raise CommandError(str(error)) from error

    def _load(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        mapping = None
        if options["map"]:
            map_path = Path(options["map"])
            if map_path.is_file():
                mapping = feedfiles.Mapping.from_json(map_path.read_text(encoding="utf-8"))
            else:
                mapping = feedfiles.Mapping.from_pairs(options["map"])
        with path.open("rb") as stream:
            report = feed_upload(
                actor=SYSTEM,
                source_code=options["source"],
                stream=stream,
                file_name=path.name,
                kind=options["kind"],
                mapping=mapping,
                max_errors=options["max_errors"],
            )
        self.stdout.write(json.dumps(report.summary(), ensure_ascii=False, default=str))

    def _compute(self, options):
        def progress(message: str) -> None:
            print(message, file=sys.stderr, flush=True)

        progress(f"ranking {options['period']} on {options['engine']}…")
        run = ranking_compute(
            actor=SYSTEM,
            period=options["period"],
            category=options["category"],
            engine=options["engine"],
            top=options["top"],
            weights=weights_checked(options["weights"]),
            progress=progress,
        )
        progress(f"done in {run.seconds:.2f} s")
        self.stdout.write(json.dumps(ranking_output(run), ensure_ascii=False))

    def _rollup(self, options):
        ensure_can(SYSTEM, Perm.RANKING_MANAGE)
        if options["year"]:
            if not options["year"].isdigit() or len(options["year"]) != 4:
                raise CommandError("--year: a year such as 2025")
            rollup = rollups.rollup_build(year=options["year"])
            summary = {
                "year": options["year"],
                "rows": rollup.rows if rollup else 0,
                "seconds": rollup.seconds if rollup else 0,
            }
        else:
            summary = {"built": rollups.rollups_refresh()}
        self.stdout.write(json.dumps(summary))

    def _network(self, options):
        report = network.network_feed_load(actor=SYSTEM, month=options["period"])
        self.stdout.write(json.dumps(report.summary(), ensure_ascii=False, default=str))
