import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from wenlan.core import clock
from wenlan.knowledge.tasks import library_pages_refresh_periodic, library_pages_schedule

pytestmark = pytest.mark.django_db


def test_the_periodic_refresh_queues_its_next_run_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WENLAN_KNOWLEDGE_LIBRARY_REFRESH_MINUTES = 60
    at = dt.datetime(2026, 12, 3, 8, tzinfo=dt.UTC)
    with clock.freeze(at):
        assert library_pages_schedule() is True
        assert library_pages_schedule() is False
    waiting = DBTaskResult.objects.get()
    assert waiting.task_path == library_pages_refresh_periodic.module_path
    assert waiting.run_after == at + dt.timedelta(minutes=60)


def test_the_immediate_backend_runs_once_and_queues_nothing():
    assert library_pages_refresh_periodic.enqueue().return_value == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "unpublished": 0,
    }
    assert not DBTaskResult.objects.exists()
