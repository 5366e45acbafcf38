from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue a background task once the current transaction commits, so a worker
    never sees a row that a rollback took away."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
