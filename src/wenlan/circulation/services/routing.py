"""Where a copy goes when it reaches a desk: to the first reader in the hold
queue (on this hold shelf, or in transit to their pickup library), home, or back
on the shelf. Called with the item row locked; it locks the record's hold queue."""

import datetime as dt
import functools
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.catalog.services.items import item_status_set
from wenlan.circulation import locks
from wenlan.circulation.enums import (
    CheckinOutcome,
    HoldStatus,
    LogEntryKind,
    TransitReason,
)
from wenlan.circulation.models import CirculationLogEntry, Hold, Transit
from wenlan.circulation.policies import PolicyRule, next_open_day
from wenlan.circulation.selectors.rules import library_brief, open_checker, rule_for
from wenlan.circulation.services.log import log_entry_new
from wenlan.core import clock
from wenlan.notices.enums import NoticeKind


@dataclass
class Route:
    outcome: str
    hold: Hold | None = None
    transit: Transit | None = None
    destination_id: int | None = None
    changed: bool = True


def _library_name(library_id: int | None) -> str:
    library = library_brief(library_id) if library_id is not None else None
    return library.name if library else ""


def route_message(route: Route) -> str:
    """The answer the desk shows for a scanned copy."""
    if route.outcome == CheckinOutcome.HOLD_SHELF:
        reader = route.hold.reader
        return _("放预约架：%(card)s %(name)s") % {"card": reader.card_display, "name": reader.name}
    if route.outcome == CheckinOutcome.TRANSIT:
        return _("运送至 %(library)s") % {"library": _library_name(route.destination_id)}
    if route.outcome == CheckinOutcome.SHELVE:
        return _("上架")
    if route.outcome == CheckinOutcome.PROCESSING:
        return _("新书：送编目加工，暂不上架。")
    if route.destination_id:
        return _("已在运送中，目的馆：%(library)s") % {
            "library": _library_name(route.destination_id)
        }
    return _("无需处理：该单册已在架。")


def _hold_ready(
    *, hold: Hold, item: Item, library_id: int, rule: PolicyRule, log_entries, notices
) -> None:
    today = clock.today()
    hold.status = HoldStatus.READY
    hold.item = item
    hold.ready_at = clock.now()
    hold.expires_on = next_open_day(
        today + dt.timedelta(days=rule.hold_shelf_days), open_checker(library_id, start=today)
    )
    hold.save(update_fields=["status", "item", "ready_at", "expires_on"])
    item_status_set(item=item, status=ItemStatus.ON_HOLD_SHELF, location_id=library_id)
    log_entries.append(
        log_entry_new(
            kind=LogEntryKind.HOLD_READY,
            reader=hold.reader,
            item_id=item.pk,
            record_id=item.record_id,
            library_id=library_id,
            channel="system",
        )
    )
    notices.append((NoticeKind.HOLD_READY, hold))


def _send(
    *, item: Item, from_id: int, to_id: int, reason: str, hold: Hold | None, log_entries
) -> Transit:
    transit = Transit.objects.create(
        item=item,
        from_library_id=from_id,
        to_library_id=to_id,
        reason=reason,
        hold=hold,
        sent_at=clock.now(),
    )
    item_status_set(item=item, status=ItemStatus.IN_TRANSIT, location_id=from_id)
    log_entries.append(
        log_entry_new(
            kind=LogEntryKind.TRANSIT_SEND,
            reader=None,
            item_id=item.pk,
            record_id=item.record_id,
            library_id=from_id,
            channel="system",
        )
    )
    return transit


def item_route(
    *,
    item: Item,
    library_id: int,
    rules: list[PolicyRule],
    log_entries: list[CirculationLogEntry],
    notices: list,
    for_hold: Hold | None = None,
) -> Route:
    """Serve the hold queue first (a copy already trapped for a hold keeps it),
    then send the copy home, else shelve it here. A copy pulled from a shelf for
    one hold (`for_hold`, waiting in the queue) serves that hold. A new copy lent
    before it was processed (`new_acquisition`) goes home to processing first."""
    if item.new_acquisition:
        return _item_home_or_here(
            item=item,
            library_id=library_id,
            log_entries=log_entries,
            status=ItemStatus.IN_PROCESSING,
            outcome=CheckinOutcome.PROCESSING,
        )
    queue = locks.hold_queue_lock(record_id=item.record_id)
    if for_hold is not None:
        queue = sorted(queue, key=lambda h: h.pk != for_hold.pk)
    serve = functools.partial(
        _hold_serve, item=item, library_id=library_id, log_entries=log_entries, notices=notices
    )
    trapped = next((h for h in queue if h.item_id == item.pk), None)
    if trapped is not None:
        if trapped.pickup_library_id == library_id and trapped.status == HoldStatus.READY:
            return Route(CheckinOutcome.NOTHING, hold=trapped, changed=False)
        return serve(hold=trapped, rules=rules)
    fillable = _hold_fillable(queue, item=item, rules=rules)
    if fillable is not None:
        hold, rule = fillable
        log_entries.append(
            log_entry_new(
                kind=LogEntryKind.HOLD_TRAP,
                reader=hold.reader,
                item_id=item.pk,
                record_id=item.record_id,
                library_id=library_id,
                channel="system",
            )
        )
        return serve(hold=hold, rules=rules, rule=rule)
    return _item_home_or_here(item=item, library_id=library_id, log_entries=log_entries)


def _hold_fillable(
    queue: list[Hold], *, item: Item, rules: list[PolicyRule]
) -> tuple[Hold, PolicyRule] | None:
    """The first waiting hold whose pickup library's rule lends this copy and
    allows holds on it, with that rule."""
    for hold in queue:
        if hold.status != HoldStatus.WAITING:
            continue
        rule = rule_for(
            rules, library_id=hold.pickup_library_id, reader=hold.reader, item_type=item.item_type
        )
        if rule.loanable and rule.holds_allowed:
            return hold, rule
    return None


def _hold_serve(
    *,
    hold: Hold,
    item: Item,
    library_id: int,
    rules: list[PolicyRule],
    log_entries: list[CirculationLogEntry],
    notices: list,
    rule: PolicyRule | None = None,
) -> Route:
    """Put `item` on this library's hold shelf for `hold`, or send it to the
    hold's pickup library."""
    if hold.pickup_library_id == library_id:
        if rule is None:
            rule = rule_for(
                rules, library_id=library_id, reader=hold.reader, item_type=item.item_type
            )
        _hold_ready(
            hold=hold,
            item=item,
            library_id=library_id,
            rule=rule,
            log_entries=log_entries,
            notices=notices,
        )
        return Route(CheckinOutcome.HOLD_SHELF, hold=hold)
    hold.status, hold.item = HoldStatus.IN_TRANSIT, item
    hold.save(update_fields=["status", "item"])
    transit = _send(
        item=item,
        from_id=library_id,
        to_id=hold.pickup_library_id,
        reason=TransitReason.HOLD,
        hold=hold,
        log_entries=log_entries,
    )
    return Route(
        CheckinOutcome.TRANSIT, hold=hold, transit=transit, destination_id=hold.pickup_library_id
    )


def _item_home_or_here(
    *,
    item: Item,
    library_id: int,
    log_entries: list[CirculationLogEntry],
    status: str = ItemStatus.AVAILABLE,
    outcome: str = CheckinOutcome.SHELVE,
) -> Route:
    """No hold wants the copy: send it to its own library, or keep it here as
    `status` (on the shelf; a new copy, bought at a partner bookstore and lent at
    once, in processing, to be catalogued and labelled before it joins the
    collection)."""
    if item.library_id != library_id:
        transit = _send(
            item=item,
            from_id=library_id,
            to_id=item.library_id,
            reason=TransitReason.HOME,
            hold=None,
            log_entries=log_entries,
        )
        return Route(CheckinOutcome.TRANSIT, transit=transit, destination_id=item.library_id)
    if item.status == status and item.location_id == library_id:
        return Route(CheckinOutcome.NOTHING, changed=False)
    item_status_set(item=item, status=status, location_id=library_id)
    return Route(outcome)


def holds_release_item(*, item: Item) -> list[Hold]:
    """A trapped copy that can no longer serve its hold (lost, damaged): the hold
    goes back into the queue at its place."""
    released = list(
        Hold.objects.filter(item=item, status__in=(HoldStatus.READY, HoldStatus.IN_TRANSIT))
    )
    for hold in released:
        hold.status, hold.item, hold.ready_at, hold.expires_on = (
            HoldStatus.WAITING,
            None,
            None,
            None,
        )
        hold.save(update_fields=["status", "item", "ready_at", "expires_on"])
    return released
