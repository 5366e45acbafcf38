"""`wenlan kb import DIR` and `wenlan kb refresh-libraries`

import: loads the knowledge-base files of DIR (`_topics.yaml` and one `<slug>.md`
per article; see docs/architecture.md, "Knowledge base"). Progress and each
rejected file (file, line, reason) go to stderr; the last line on stdout is one
JSON object: articles, created, updated, unchanged, rejected, passages, errors.
Running it twice on the same files changes nothing the second time.

refresh-libraries: writes the article of each active library (address, phone,
weekly hours) from the network's data, and unpublishes those of libraries no
longer active; ends with one JSON line (created, updated, unchanged, unpublished).

reindex: after the synonym list or the analysis changed, cuts every passage's
stored search terms again; progress on stderr, then one JSON line (passages)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wenlan.accounts.actors import SYSTEM
from wenlan.knowledge.services.imports import kb_import_directory
from wenlan.knowledge.services.library_pages import library_pages_refresh
from wenlan.knowledge.services.terms import passage_terms_refresh
from wenlan.knowledge.tasks import library_pages_schedule


class Command(BaseCommand):
    help = "Knowledge base: import DIR, refresh-libraries, reindex."

    def add_arguments(self, parser):
        jobs = parser.add_subparsers(dest="job", required=True)
        load = jobs.add_parser("import", help="Load a directory of knowledge-base files.")
        load.add_argument("directory", type=Path)
        jobs.add_parser(
            "refresh-libraries", help="Write each library's page from the network's data."
        )
        jobs.add_parser("reindex", help="Cut the passages' search terms again.")

    def handle(self, *args, **options):
        if options["job"] == "import":
            directory: Path = options["directory"]
            if not directory.is_dir():
                raise CommandError(f"no such directory: {directory}")
            report = kb_import_directory(
                SYSTEM, directory=directory, progress=lambda line: self.stderr.write(line)
            )
            summary = report.summary()
        elif options["job"] == "reindex":
            count = passage_terms_refresh(
                SYSTEM, progress=lambda done: self.stderr.write(f"{done} passages")
            )
            summary = {"passages": count}
        else:
            summary = library_pages_refresh(SYSTEM).summary()
            library_pages_schedule()
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
