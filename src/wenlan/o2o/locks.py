"""Row locks of a till step, in its one order: the reader's row (circulation's
lock, so that a desk lending to the same reader waits as well), then the store's
row (its budget), then the ISBN's row (the title's copies in the network). Each
only locks: what the rules count is read after it."""

from django.conf import settings

from wenlan.core import locks
from wenlan.o2o.models import Bookstore, TillIsbn


def lock_timeout():
    """A till step waits at most WENLAN_CIRC_LOCK_TIMEOUT_MS for a lock, then BusyError."""
    return locks.lock_timeout(ms=settings.WENLAN_CIRC_LOCK_TIMEOUT_MS)


@locks.row_lock
def bookstore_lock(*, library_id: int) -> Bookstore | None:
    """The store's row locked (its library read in the same statement, not locked)."""
    return (
        Bookstore.objects.select_related("library")
        .select_for_update(of=("self",))
        .filter(library_id=library_id)
        .first()
    )


@locks.row_lock
def till_isbn_lock(*, isbn13: str) -> None:
    """The ISBN's row locked, made first if no till has scanned the ISBN before (a
    till making it at the same moment is waited for, not failed)."""
    TillIsbn.objects.bulk_create([TillIsbn(isbn=isbn13)], ignore_conflicts=True)
    TillIsbn.objects.select_for_update().filter(isbn=isbn13).get()
