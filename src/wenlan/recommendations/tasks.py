"""The nightly training, run by the worker: the run trains, then queues the next one
for the next WENLAN_RECS_TRAIN_HOUR (local time), unless one is waiting. `wenlan
recs schedule` (and the demo) start the chain; `wenlan recs train` from cron does
the same work where no worker runs."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.knowledge.selectors.tasks import task_run_waiting
from wenlan.recommendations.services.training import recs_train


@task()
def recs_train_nightly() -> dict:
    try:
        return recs_train(actor=SYSTEM).as_json()
    finally:
        recs_train_schedule()


def next_run_at(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    at = local.replace(hour=settings.WENLAN_RECS_TRAIN_HOUR, minute=0, second=0, microsecond=0)
    if at <= local:
        at += dt.timedelta(days=1)
    return at


def recs_train_schedule() -> bool:
    """Queues the next nightly run unless one is waiting, or the backend cannot
    defer a task (the tests' immediate one); True when queued."""
    nightly = recs_train_nightly
    if not nightly.get_backend().supports_defer or task_run_waiting(nightly):
        return False
    nightly.using(run_after=next_run_at(clock.now())).enqueue()
    return True
