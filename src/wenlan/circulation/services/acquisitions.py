"""A copy bought because a reader asked for it (o2o's 悦购): the reader's hold on
the title is placed and this copy serves it first, ahead of any queue."""

from wenlan.accounts.actors import SYSTEM
from wenlan.circulation import locks
from wenlan.circulation.models import Hold
from wenlan.circulation.selectors.rules import rules_load
from wenlan.circulation.services.holds import hold_place
from wenlan.circulation.services.log import log_entries_write
from wenlan.circulation.services.notices import notices_pending_create
from wenlan.circulation.services.pulls import pulls_assign
from wenlan.circulation.services.routing import item_route


def hold_place_for_new_copy(
    *, reader_id: int, item_id: int, library_id: int, pickup_library_id: int
) -> Hold:
    """Runs in the caller's transaction, which has authorised its actor (o2o checks
    the acquisitions staff) and made the copy (on the shelf at `library_id`).
    Locks in circulation's order: the copy, then (placing the hold) the reader and
    the title's queue. The hold is placed as the reader would place it (their
    blocks and hold limit apply: HoldRefusedError), then the copy is routed for
    that hold before any other: onto this library's hold shelf, or in transit to
    the pickup library. The reader is told as for any hold that comes in."""
    with locks.lock_timeout():
        item = locks.items_lock(item_ids=[item_id])[0]
    hold = hold_place(
        actor=SYSTEM,
        reader_id=reader_id,
        record_id=item.record_id,
        pickup_library_id=pickup_library_id,
        library_id=library_id,
        channel="o2o",
    )
    log_entries: list = []
    notices: list = []
    item_route(
        item=item,
        library_id=library_id,
        rules=rules_load(),
        log_entries=log_entries,
        notices=notices,
        for_hold=hold,
    )
    log_entries_write(log_entries)
    notices_pending_create(notices)
    # Placing the hold may have told another waiting hold to pull this copy from
    # the shelf; it is not there any more.
    pulls_assign(record_id=item.record_id)
    hold.refresh_from_db()
    return hold
