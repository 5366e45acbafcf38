import pytest
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wenlan.core.tasks import enqueue_once_on_commit

pytestmark = pytest.mark.django_db


SWEEPS: list[int] = []


@task()
def sweep() -> int:
    SWEEPS.append(1)
    return len(SWEEPS)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _runs(status):
    return DBTaskResult.objects.filter(task_path=sweep.module_path, status=status).count()


def test_a_burst_of_changes_shares_the_run_that_waits(
    database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(5):
            enqueue_once_on_commit(sweep)
    assert len(callbacks) == 5
    assert _runs(TaskResultStatus.READY) == 1


def test_a_change_while_the_run_is_under_way_queues_the_next(
    database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_once_on_commit(sweep)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_once_on_commit(sweep)
        enqueue_once_on_commit(sweep)
    assert _runs(TaskResultStatus.RUNNING) == 1
    assert _runs(TaskResultStatus.READY) == 1


def test_nothing_is_queued_when_the_transaction_rolls_back(
    database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_once_on_commit(sweep)
    assert len(callbacks) == 1  # held for the commit, which never came
    assert DBTaskResult.objects.count() == 0


def test_a_backend_without_a_table_runs_each_time(django_capture_on_commit_callbacks):
    SWEEPS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_once_on_commit(sweep)
        enqueue_once_on_commit(sweep)
    assert SWEEPS == [1, 1]
