"""Row locks of learning, each inside the caller's transaction (`core.locks.row_lock`):
a class's row for its places and waitlist, a reader's row for their quiz attempts
and certificate. A lock not had in time becomes a retryable BusyError."""

from django.conf import settings

from wenlan.core import locks
from wenlan.learning.models import CourseClass
from wenlan.patrons.models import Reader


def lock_timeout():
    return locks.lock_timeout(ms=settings.WENLAN_LEARNING_LOCK_TIMEOUT_MS)


@locks.row_lock
def class_lock(*, class_id: int) -> CourseClass | None:
    with lock_timeout():
        return (
            CourseClass.objects.select_related("course")
            .select_for_update(of=("self",))
            .filter(pk=class_id)
            .first()
        )


@locks.row_lock
def reader_lock(*, reader_id: int) -> None:
    with lock_timeout():
        list(Reader.objects.select_for_update().filter(pk=reader_id).values_list("pk", flat=True))
