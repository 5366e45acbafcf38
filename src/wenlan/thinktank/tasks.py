"""Background work of the think tank: reading every feed when an editor asks for it
now (the schedule is `wenlan thinktank fetch` from cron, docs/operators.md)."""

from django_tasks import task

from wenlan.accounts.actors import SYSTEM
from wenlan.thinktank.services.feeds import feeds_fetch


@task()
def feeds_fetch_all() -> int:
    """Reads every active subscription; returns the number of new clippings. Safe to
    run twice: entries already stored are duplicates."""
    return sum(summary.new for summary in feeds_fetch(actor=SYSTEM))
