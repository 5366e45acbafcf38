"""`wenlan learning import-cartridge FILE [--provider ID]`

Imports an IMS Common Cartridge (.imscc) as a draft course of the provider (by
default the first provider of the library's own kind): pages become text lessons,
files file lessons, web links link lessons, single- and multiple-choice QTI
questions quizzes. Everything not imported (LTI tools, discussions, assignments,
other question types, missing files) is listed on stderr with its reason; the last
line on stdout is one JSON object with the counts. A broken package (not a zip, a
path leaving it, a zip bomb, no manifest) changes nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.actors import SYSTEM
from wenlan.core.errors import WenlanError
from wenlan.learning.selectors.courses import provider_default
from wenlan.learning.services.cartridge import cartridge_import


class Command(BaseCommand):
    help = "Learning batch jobs: import-cartridge FILE [--provider ID]."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="job", required=True)
        importer = commands.add_parser(
            "import-cartridge", help="Import an IMS Common Cartridge as a draft course."
        )
        importer.add_argument("file", type=Path)
        importer.add_argument("--provider", type=int, help="the course provider's id")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        provider_id = options.get("provider")
        if provider_id is None:
            provider = provider_default()
            if provider is None:
                raise CommandError("no course provider yet: create one, or pass --provider")
            provider_id = provider.pk
        self.stderr.write(f"reading {path} …")
        try:
            with path.open("rb") as source:
                report = cartridge_import(actor=SYSTEM, source=source, provider_id=provider_id)
        except WenlanError as error:
            raise CommandError(str(error)) from error
        for skipped in report.skipped:
            self.stderr.write(f"not imported: {skipped.title} ({skipped.kind}): {skipped.reason}")
        self.stdout.write(json.dumps(report.summary(), ensure_ascii=False))
