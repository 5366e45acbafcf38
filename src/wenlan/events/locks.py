"""Row locks, taken in primary-key order. A lock that cannot be had in time becomes
a retryable BusyError."""

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.db import OperationalError, connection

from wenlan.core.errors import BusyError
from wenlan.events.models import Registration, Session


@contextlib.contextmanager
def _lock_timeout() -> Iterator[None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL lock_timeout = %s", [f"{settings.WENLAN_EVENT_LOCK_TIMEOUT_MS}ms"]
            )
    try:
        yield
    except OperationalError as error:
        # PostgreSQL: lock_not_available (55P03); SQLite: "database is locked".
        if getattr(getattr(error, "__cause__", None), "sqlstate", None) == "55P03" or (
            "locked" in str(error)
        ):
            raise BusyError() from error
        raise


def session_lock(*, session_id: int) -> Session | None:
    """The session row, locked, with its event (not locked) alongside."""
    with _lock_timeout():
        return (
            Session.objects.select_related("event")
            .select_for_update(of=("self",))
            .filter(pk=session_id)
            .first()
        )


def sessions_lock(*, event_id: int) -> list[Session]:
    with _lock_timeout():
        return list(Session.objects.filter(event_id=event_id).order_by("pk").select_for_update())


def registration_lock(*, registration_id: int) -> Registration | None:
    with _lock_timeout():
        return Registration.objects.select_for_update().filter(pk=registration_id).first()


def resource_lock(*, resource_id: int):
    from wenlan.events.models import Resource

    with _lock_timeout():
        return Resource.objects.select_for_update().filter(pk=resource_id).first()
