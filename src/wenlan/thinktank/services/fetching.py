"""An editor's "read every feed now": queued for the worker (a page never waits on
other sites' feeds); runs already waiting share one."""

from django.db import transaction

from wenlan.core.tasks import enqueue_once_on_commit
from wenlan.thinktank.permissions import ensure_editor
from wenlan.thinktank.tasks import feeds_fetch_all


@transaction.atomic
def feeds_fetch_request(*, actor) -> None:
    ensure_editor(actor)
    enqueue_once_on_commit(feeds_fetch_all)
