"""The demo knowledge base: the articles in `demo/knowledge/` (Hangzhou's heritage,
history, city, economy and government services, and the library's own services,
written for the demo from public facts, each passage naming its source), loaded
through the import service as `wenlan kb import` does, and a page per library
written from the network's data. Idempotent: a second run changes nothing."""

from pathlib import Path

from wenlan.accounts.actors import SYSTEM
from wenlan.knowledge.services.imports import kb_import_directory
from wenlan.knowledge.services.library_pages import library_pages_refresh
from wenlan.knowledge.tasks import library_pages_schedule

KB_DIR = Path(__file__).with_name("knowledge")


def knowledge_demo_load() -> dict:
    report = kb_import_directory(SYSTEM, directory=KB_DIR)
    libraries = library_pages_refresh(SYSTEM)
    library_pages_schedule()
    return {"knowledge": report.summary(), "library_pages": libraries.summary()}
