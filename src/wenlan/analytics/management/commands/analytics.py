"""`wenlan analytics export | query NAME | list`

export   writes what is new in the circulation log and in event attendance as
         Parquet under WENLAN_ANALYTICS_URI (a progress bar per dataset on stderr),
         then one JSON line: export_id, changed, datasets {rows, files, partitions},
         removed_files, compacted_files, seconds. Run it from cron on one node (docs/operators.md).
query    runs one aggregation over the current export, `--engine duckdb|spark`,
         `--param k=v` (repeatable); prints the rows as JSON lines, then one JSON
         summary line: aggregation, engine, export_id, params, rows, seconds.
list     the aggregations, their parameters, and the current export."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wenlan.analytics import aggregations, engines
from wenlan.analytics.selectors import export_status
from wenlan.analytics.services import analytics_export
from wenlan.catalog.progress import ProgressBar
from wenlan.core.errors import WenlanError


class _Bars:
    def __init__(self, stream):
        self.stream, self.bar = stream, None

    def start(self, dataset: str, total: int | None) -> None:
        self.bar = ProgressBar(total, label=dataset, stream=self.stream)

    def advance(self, rows: int) -> None:
        self.bar(rows)

    def finish(self) -> None:
        self.bar.close()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class Command(BaseCommand):
    help = "Analytics: export the Parquet datasets, run an aggregation, list them."

    def add_arguments(self, parser):
        jobs = parser.add_subparsers(dest="job", required=True)
        export = jobs.add_parser("export", help="Export what is new since the last export.")
        export.add_argument(
            "--settle-seconds",
            type=int,
            default=None,
            help="export log entries at least this old (default WENLAN_ANALYTICS_SETTLE_SECONDS)",
        )
        query = jobs.add_parser("query", help="Run one aggregation over the current export.")
        query.add_argument("name", choices=sorted(aggregations.AGGREGATIONS))
        query.add_argument("--engine", choices=engines.ENGINES, default="duckdb")
        query.add_argument(
            "--param", action="append", default=[], metavar="K=V", help="a parameter"
        )
        jobs.add_parser("list", help="The aggregations and the current export.")

    def handle(self, *args, **options):
        try:
            getattr(self, "_" + options["job"])(options)
        except WenlanError as error:
            raise CommandError(str(error)) from error

    def _export(self, options):
        report = analytics_export(
            progress=_Bars(self.stderr), settle_seconds=options["settle_seconds"]
        )
        self.stdout.write(_json(report.summary()))

    def _query(self, options):
        params = {}
        for pair in options["param"]:
            key, sep, value = pair.partition("=")
            if not sep:
                raise CommandError(f"--param {pair}: expected K=V")
            params[key.strip()] = value.strip()
        result = engines.aggregation_run(options["name"], params=params, engine=options["engine"])
        for row in result.rows:
            self.stdout.write(_json(row))
        self.stdout.write(
            _json(
                {
                    "aggregation": result.aggregation,
                    "engine": result.engine,
                    "export_id": result.export_id,
                    "params": result.params,
                    "rows": len(result.rows),
                    "seconds": round(result.seconds, 3),
                }
            )
        )

    def _list(self, options):
        for aggregation in aggregations.AGGREGATIONS.values():
            names = " ".join(f"--param {p.name}=…" for p in aggregation.params)
            self.stdout.write(f"{aggregation.name}: {aggregation.description}  {names}")
        status = export_status()
        self.stdout.write(
            _json(
                {
                    "aggregations": len(aggregations.AGGREGATIONS),
                    "uri": status.uri,
                    "export_id": status.export_id,
                    "rows": status.rows,
                    "files": status.files,
                }
            )
        )
