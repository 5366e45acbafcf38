"""Row locks, inside the caller's transaction (`core.locks.row_lock`): a booking
locks its resource's row while the rules are checked. A lock that cannot be had in
time becomes a retryable BusyError."""

from django.conf import settings

from wenlan.core import locks
from wenlan.spaces.models import Resource


@locks.row_lock
def resource_lock(*, resource_id: int) -> Resource | None:
    """Waits at most WENLAN_SPACE_LOCK_TIMEOUT_MS, then BusyError."""
    with locks.lock_timeout(ms=settings.WENLAN_SPACE_LOCK_TIMEOUT_MS):
        return Resource.objects.select_for_update().filter(pk=resource_id).first()
