"""`wenlan o2o import-courier-status FILE`

Loads the status file a courier company sends (CSV: tracking_number,status,time;
see o2o.services.delivery_couriers.CsvCourierFile): each row moves its parcel on
(dispatched, delivered and the loans started, failed and the copies back). Rows
that cannot be read or applied, and unknown tracking numbers, are listed on stderr
("row N: reason"); the last line on stdout is one JSON object with the counts.
Running the same file twice changes nothing the second time."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.actors import SYSTEM
from wenlan.o2o.services.delivery_couriers import CsvCourierFile, courier_statuses_import


class Command(BaseCommand):
    help = "悦借 (o2o) batch jobs: import-courier-status FILE."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="job", required=True)
        courier = commands.add_parser(
            "import-courier-status", help="Load a courier company's CSV status file."
        )
        courier.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        report = courier_statuses_import(actor=SYSTEM, source=CsvCourierFile(path))
        for row, reason in report.bad:
            self.stderr.write(f"row {row}: {reason}")
        self.stdout.write(json.dumps(report.summary(), ensure_ascii=False))
