"""Background work of the knowledge base, run by the worker.

The library pages are refreshed every `WENLAN_KNOWLEDGE_LIBRARY_REFRESH_MINUTES`:
the run refreshes (writing only what changed) and queues the next run, deferred,
unless one is already waiting; `wenlan kb refresh-libraries` and the demo start
the chain. network sits below knowledge and cannot queue work here when a
library's details or hours change, so the pages follow within that time."""

import datetime as dt

from django.conf import settings
from django_tasks import task

from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.knowledge.selectors.tasks import task_run_waiting
from wenlan.knowledge.services.library_pages import library_pages_refresh


@task()
def library_pages_refresh_periodic() -> dict:
    summary = library_pages_refresh(SYSTEM).summary()
    library_pages_schedule()
    return summary


def library_pages_schedule() -> bool:
    """Queues the next periodic refresh unless one is waiting, or the backend
    cannot defer a task (the tests' immediate one); True when queued."""
    periodic = library_pages_refresh_periodic
    if not periodic.get_backend().supports_defer or task_run_waiting(periodic):
        return False
    minutes = settings.WENLAN_KNOWLEDGE_LIBRARY_REFRESH_MINUTES
    periodic.using(run_after=clock.now() + dt.timedelta(minutes=minutes)).enqueue()
    return True
