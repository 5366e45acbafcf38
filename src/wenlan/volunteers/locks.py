"""Row locks of volunteering, each inside the caller's transaction: a shift's row
for its places and swaps; a sign-up's row for check-in, check-out and approval
(taken after its shift's when a service needs both: one order everywhere); a
profile's row for its certificate. A lock not had in time becomes a retryable
BusyError."""

from django.conf import settings

from wenlan.core import locks
from wenlan.volunteers.models import Shift, ShiftSignup, VolunteerProfile


def lock_timeout():
    return locks.lock_timeout(ms=settings.WENLAN_VOLUNTEER_LOCK_TIMEOUT_MS)


@locks.row_lock
def shift_lock(*, shift_id: int) -> Shift | None:
    with lock_timeout():
        return (
            Shift.objects.select_related("opportunity")
            .select_for_update(of=("self",))
            .filter(pk=shift_id)
            .first()
        )


@locks.row_lock
def profile_lock(*, profile_id: int) -> VolunteerProfile | None:
    with lock_timeout():
        return VolunteerProfile.objects.select_for_update().filter(pk=profile_id).first()


@locks.row_lock
def signup_lock(*, signup_id: int) -> ShiftSignup | None:
    with lock_timeout():
        return (
            ShiftSignup.objects.select_related("shift__opportunity", "profile")
            .select_for_update(of=("self",))
            .filter(pk=signup_id)
            .first()
        )
