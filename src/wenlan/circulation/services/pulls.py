"""The pull list: a hold on a title with copies on a shelf is given to the library
that should fetch one (the pickup library itself, else the nearest to it, else the
least busy). Staff there scan the copy to trap it, and it goes to the hold shelf
or into transit exactly as at check-in; a copy not found is marked missing and the
hold moves on to the next library with a copy."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item, Record
from wenlan.catalog.services.items import item_status_set
from wenlan.circulation import locks
from wenlan.circulation.enums import HoldStatus
from wenlan.circulation.errors import ItemNotFoundError, ItemUnavailableError, PullNotListedError
from wenlan.circulation.models import Hold
from wenlan.circulation.permissions import ensure_desk
from wenlan.circulation.policies import PolicyRule, PullCandidate, pull_libraries_ordered
from wenlan.circulation.selectors.rules import rule_for, rules_load
from wenlan.circulation.services.log import log_entries_write
from wenlan.circulation.services.notices import notices_pending_create
from wenlan.circulation.services.routing import Route, item_route, route_message
from wenlan.core import audit
from wenlan.core.models import AuditAction
from wenlan.network.models import Library


def _shelf_copies(record_id: int) -> dict[int, Counter]:
    """Copies of the title on a shelf now: library → item type → count."""
    rows = (
        Item.objects.filter(record_id=record_id, status=ItemStatus.AVAILABLE)
        .annotate(at=Coalesce("location_id", "library_id"))
        .values_list("at", "item_type")
    )
    shelves: dict[int, Counter] = {}
    for library_id, item_type in rows:
        shelves.setdefault(library_id, Counter())[item_type] += 1
    return shelves


def _fits(rule: PolicyRule) -> bool:
    return rule.loanable and rule.holds_allowed


def _claim(shelf: Counter, types: set[str]) -> bool:
    for item_type in sorted(types):
        if shelf[item_type] > 0:
            shelf[item_type] -= 1
            return True
    return False


def pulls_assign(*, record_id: int) -> list[Hold]:
    """Give each waiting hold of the title (in queue order) a library to pull a copy
    from, keeping assignments that still have a copy behind them. Locks the record's
    queue (the caller locked any item rows first). Returns the holds whose pull
    library changed."""
    # The record row serialises assignments: a hold placed at the same moment is
    # not yet in the queue another transaction locks, but waits here until that
    # one has committed, then sees its claims.
    Record.objects.select_for_update().filter(pk=record_id).values_list("pk").first()
    queue = locks.hold_queue_lock(record_id=record_id)
    waiting = [h for h in queue if h.status == HoldStatus.WAITING]
    if not waiting:
        return []
    shelves = _shelf_copies(record_id)
    rules = rules_load()
    all_types = {t for shelf in shelves.values() for t in shelf}

    def types_for(hold: Hold) -> set[str]:
        return {
            t
            for t in all_types
            if _fits(
                rule_for(rules, library_id=hold.pickup_library_id, reader=hold.reader, item_type=t)
            )
        }

    changed: list[Hold] = []
    unplaced: list[Hold] = []
    for hold in waiting:
        shelf = shelves.get(hold.pull_library_id) if hold.pull_library_id else None
        if shelf is not None and _claim(shelf, types_for(hold)):
            continue
        unplaced.append(hold)
    if unplaced:
        places = _library_places({hold.pickup_library_id for hold in unplaced} | set(shelves))
        busy = _busy(list(shelves))
    for hold in unplaced:
        types = types_for(hold)
        pickup = places.get(hold.pickup_library_id)
        candidates = [
            PullCandidate(
                library_id=library_id,
                latitude=places[library_id][0] if library_id in places else None,
                longitude=places[library_id][1] if library_id in places else None,
                busy=busy.get(library_id, 0),
                spare_copies=sum(shelf[t] for t in types),
            )
            for library_id, shelf in shelves.items()
        ]
        ordered = pull_libraries_ordered(
            candidates,
            pickup_library_id=hold.pickup_library_id,
            pickup_latitude=pickup[0] if pickup else None,
            pickup_longitude=pickup[1] if pickup else None,
        )
        chosen = ordered[0].library_id if ordered else None
        if chosen is not None:
            _claim(shelves[chosen], types)
            busy[chosen] = busy.get(chosen, 0) + 1
        if chosen != hold.pull_library_id:
            hold.pull_library_id = chosen
            changed.append(hold)
    if changed:
        Hold.objects.bulk_update(changed, ["pull_library"])
    return changed


def _library_places(library_ids: set[int]) -> dict[int, tuple[float, float]]:
    rows = Library.objects.filter(
        pk__in=library_ids, latitude__isnull=False, longitude__isnull=False
    ).values_list("pk", "latitude", "longitude")
    return {pk: (float(lat), float(lon)) for pk, lat, lon in rows}


def _busy(library_ids: list[int]) -> dict[int, int]:
    rows = (
        Hold.objects.filter(status=HoldStatus.WAITING, pull_library_id__in=library_ids)
        .order_by()
        .values("pull_library_id")
        .annotate(n=Count("pk"))
    )
    return {row["pull_library_id"]: row["n"] for row in rows}


@dataclass
class PullResult:
    item: Item
    route: Route
    message: str


def _lock_shelf_copy(*, barcode: str | None = None, item_id: int | None = None) -> Item:
    if barcode is not None:
        item = locks.item_lock_by_barcode(barcode=barcode.strip())
    else:
        found = locks.items_lock(item_ids=[item_id])
        item = found[0] if found else None
    if item is None:
        raise ItemNotFoundError()
    return item


def _on_shelf_here(item: Item, library_id: int) -> bool:
    return (
        item.status == ItemStatus.AVAILABLE and (item.location_id or item.library_id) == library_id
    )


@transaction.atomic
def pull_trap(*, actor, library_id: int, barcode: str) -> PullResult:
    """A copy taken from this library's shelf for the pull list: it serves the
    first hold on this library's list for the title, as a returned copy would."""
    ensure_desk(actor, library_id=library_id)
    with locks.lock_timeout():
        item = _lock_shelf_copy(barcode=barcode)
        if not _on_shelf_here(item, library_id):
            raise ItemUnavailableError(
                _("该单册不在本馆书架上（状态：%(status)s）。")
                % {"status": item.get_status_display()}
            )
        queue = locks.hold_queue_lock(record_id=item.record_id)
    rules = rules_load()
    hold = next(
        (
            h
            for h in queue
            if h.status == HoldStatus.WAITING
            and h.pull_library_id == library_id
            and _fits(
                rule_for(
                    rules,
                    library_id=h.pickup_library_id,
                    reader=h.reader,
                    item_type=item.item_type,
                )
            )
        ),
        None,
    )
    if hold is None:
        raise PullNotListedError()
    log_entries: list = []
    notices: list = []
    route = item_route(
        item=item,
        library_id=library_id,
        rules=rules,
        log_entries=log_entries,
        notices=notices,
        for_hold=hold,
    )
    hold.pull_library_id = None
    Hold.objects.filter(pk=hold.pk).update(pull_library=None)
    pulls_assign(record_id=item.record_id)
    log_entries_write(log_entries)
    notices_pending_create(notices)
    return PullResult(item=item, route=route, message=route_message(route))


@transaction.atomic
def pull_missing(*, actor, library_id: int, item_id: int) -> Item:
    """A copy the pull list sent staff for is not on its shelf: it is marked
    missing, and the holds it was to fill move on to the next library with a copy."""
    ensure_desk(actor, library_id=library_id)
    with locks.lock_timeout():
        item = _lock_shelf_copy(item_id=item_id)
        if not _on_shelf_here(item, library_id):
            raise ItemUnavailableError(
                _("该单册不在本馆书架上（状态：%(status)s）。")
                % {"status": item.get_status_display()}
            )
    item_status_set(item=item, status=ItemStatus.MISSING)
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.CHANGE, subject=item, fields=["status"]
    )
    pulls_assign(record_id=item.record_id)
    return item


def holds_pulls_refresh() -> int:
    """The periodic pass: titles whose waiting holds have no pull library, or one
    whose copy has left its shelf, are given one again. Each title in its own
    transaction. Returns how many holds changed library."""
    on_shelf = Item.objects.filter(record_id=OuterRef("record_id"), status=ItemStatus.AVAILABLE)
    record_ids = (
        Hold.objects.filter(status=HoldStatus.WAITING)
        .filter(Q(pull_library__isnull=False) | Exists(on_shelf))
        .order_by("record_id")
        .values_list("record_id", flat=True)
        .distinct()
    )
    changed = 0
    for record_id in list(record_ids):
        with transaction.atomic(), locks.lock_timeout():
            changed += len(pulls_assign(record_id=record_id))
    return changed
