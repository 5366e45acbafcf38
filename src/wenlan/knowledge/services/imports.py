"""`wenlan kb import DIR`: loads a directory of knowledge-base files.

Each file is read on its own and each article written in its own transaction, so
one bad file is reported (file, line, reason) and the others still load. The same
files twice change nothing; an edited file replaces its article's passages whole."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import WenlanError
from wenlan.knowledge.kbformat import KbFileError, article_read, topics_read
from wenlan.knowledge.models import Topic
from wenlan.knowledge.services.articles import article_upsert, topic_upsert

TOPICS_FILE = "_topics.yaml"


@dataclass
class ImportReport:
    articles: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    passages: int = 0
    errors: list[dict] = field(default_factory=list)

    def reject(self, file: str, line: int, reason: str) -> None:
        self.rejected += 1
        self.errors.append({"file": file, "line": line, "reason": reason})

    def summary(self) -> dict:
        return {
            "articles": self.articles,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "passages": self.passages,
            "errors": self.errors,
        }


def _read_bytes(path: Path) -> bytes:
    limit = settings.WENLAN_KNOWLEDGE_MAX_FILE_KB * 1024
    size = path.stat().st_size
    if size > limit:
        raise KbFileError(1, f"the file is {size} bytes; at most {limit} are read")
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def _topics_load(actor, directory: Path, report: ImportReport) -> set[str]:
    known = set(Topic.objects.values_list("slug", flat=True))
    path = directory / TOPICS_FILE
    if not path.is_file():
        return known
    try:
        topics = topics_read(_read_bytes(path))
    except KbFileError as error:
        report.errors.append({"file": TOPICS_FILE, "line": error.line, "reason": error.reason})
        return known
    current = {t.slug: (t.name_zh, t.name_en) for t in Topic.objects.all()}
    for slug, (name_zh, name_en) in topics.items():
        if current.get(slug) != (name_zh, name_en):
            topic_upsert(actor, slug=slug, name_zh=name_zh, name_en=name_en)
    return known | set(topics)


def kb_import_directory(
    actor, *, directory: Path, progress: Callable[[str], None] = lambda line: None
) -> ImportReport:
    ensure_can(actor, Perm.KNOWLEDGE_EDIT)
    report = ImportReport()
    topics = _topics_load(actor, directory, report)
    files = sorted(p for p in directory.glob("*.md") if p.is_file())
    for n, path in enumerate(files, start=1):
        report.articles += 1
        try:
            content = article_read(path.name, _read_bytes(path), topics=topics)
            with transaction.atomic():
                saved = article_upsert(actor, content=content)
        except KbFileError as error:
            report.reject(path.name, error.line, error.reason)
            progress(f"[{n}/{len(files)}] {path.name}: rejected, line {error.line}: {error.reason}")
            continue
        except WenlanError as error:
            report.reject(path.name, 1, str(error))
            progress(f"[{n}/{len(files)}] {path.name}: rejected: {error}")
            continue
        except OSError as error:
            report.reject(path.name, 1, f"cannot read the file: {error.strerror}")
            continue
        setattr(report, saved.outcome, getattr(report, saved.outcome) + 1)
        report.passages += len(content.passages_zh) + len(content.passages_en)
        progress(f"[{n}/{len(files)}] {path.name}: {saved.outcome}")
    return report
