"""Title-level holds: placing, cancelling, and expiry of uncollected copies (the
next in line is served from the same copy)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import VISIBLE_STATUSES, ItemStatus
from wenlan.catalog.models import Item, Record
from wenlan.circulation import locks
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES, HoldStatus, LogEntryKind
from wenlan.circulation.errors import HoldNotFoundError, HoldRefusedError
from wenlan.circulation.models import Hold, Loan
from wenlan.circulation.permissions import ensure_self_or_desk
from wenlan.circulation.policies import blocked_message
from wenlan.circulation.selectors.readers import reader_blocks, reader_standing
from wenlan.circulation.selectors.rules import rule_for, rules_load
from wenlan.circulation.services.log import log_entries_write, log_entry_new
from wenlan.circulation.services.notices import notice_create, notices_pending_create
from wenlan.circulation.services.pulls import holds_pulls_refresh, pulls_assign
from wenlan.circulation.services.routing import item_route
from wenlan.core import clock
from wenlan.core.errors import BusyError, NotFoundError
from wenlan.network.models import Library
from wenlan.notices.enums import NoticeKind
from wenlan.patrons.models import Reader


@transaction.atomic
def hold_place(
    *,
    actor,
    reader_id: int,
    record_id: int,
    pickup_library_id: int,
    library_id: int | None = None,
    channel: str = "web",
) -> Hold:
    """By the reader online, or by staff at a desk (`library_id`) for the reader."""
    reader = Reader.objects.filter(pk=reader_id).first()
    if reader is None:
        raise NotFoundError()
    ensure_self_or_desk(actor, reader=reader, library_id=library_id)
    with locks.lock_timeout():
        reader = locks.reader_lock(reader_id=reader_id)
    if reader is None:
        raise NotFoundError()
    record = Record.objects.filter(pk=record_id, is_deleted=False).first()
    if record is None:
        raise NotFoundError()
    if not Library.objects.filter(pk=pickup_library_id, is_active=True).exists():
        raise HoldRefusedError(_("请选择开放服务的取书馆。"))
    rules = rules_load()
    today = clock.today()
    standing = reader_standing(reader_id=reader.pk, today=today)
    reasons = [
        r
        for r in reader_blocks(reader=reader, standing=standing, rules=rules, today=today)
        if r.kind != "fines"
    ]
    if reasons:
        raise HoldRefusedError(blocked_message(reasons))
    active = Hold.objects.filter(reader=reader, status__in=ACTIVE_HOLD_STATUSES)
    if active.filter(record=record).exists():
        raise HoldRefusedError(_("您已预约此书。"))
    if active.count() >= settings.WENLAN_CIRC_MAX_HOLDS:
        raise HoldRefusedError(
            _("最多同时预约 %(n)s 种图书。") % {"n": settings.WENLAN_CIRC_MAX_HOLDS}
        )
    if Loan.objects.filter(reader=reader, record=record, returned_at__isnull=True).exists():
        raise HoldRefusedError(_("您正在借阅此书。"))
    item_types = set(
        Item.objects.filter(record=record, status__in=list(VISIBLE_STATUSES)).values_list(
            "item_type", flat=True
        )
    )
    if not any(
        (rule := rule_for(rules, library_id=pickup_library_id, reader=reader, item_type=t)).loanable
        and rule.holds_allowed
        for t in item_types
    ):
        raise HoldRefusedError(_("此书没有可预约的馆藏。"))
    try:
        with transaction.atomic():
            hold = Hold.objects.create(
                record=record,
                reader=reader,
                pickup_library_id=pickup_library_id,
                placed_at=clock.now(),
            )
    except IntegrityError as error:
        raise HoldRefusedError(_("您已预约此书。")) from error
    pulls_assign(record_id=record.pk)
    hold.refresh_from_db(fields=["pull_library"])
    log_entries_write(
        [
            log_entry_new(
                kind=LogEntryKind.HOLD_PLACE,
                reader=reader,
                item_id=None,
                record_id=record.pk,
                library_id=pickup_library_id,
                channel=channel,
            )
        ]
    )
    return hold


def _release(
    *, hold: Hold, locked_item_id: int | None, closing_status: str, kind: LogEntryKind, channel: str
) -> Hold:
    """Close a hold; a copy waiting on the hold shelf for it serves the next in
    line or goes home. The caller holds the item lock (if any)."""
    rules = rules_load()
    queue = locks.hold_queue_lock(record_id=hold.record_id)
    hold = next((h for h in queue if h.pk == hold.pk), None)
    if hold is None:
        raise HoldNotFoundError()
    if hold.item_id is not None and hold.item_id != locked_item_id:
        raise BusyError()  # a copy was trapped for it since we looked: try again
    item_id, was_ready = hold.item_id, hold.status == HoldStatus.READY
    hold.status, hold.closed_at = closing_status, clock.now()
    hold.save(update_fields=["status", "closed_at"])
    log_entries = [
        log_entry_new(
            kind=kind,
            reader=hold.reader,
            item_id=item_id,
            record_id=hold.record_id,
            library_id=hold.pickup_library_id,
            channel=channel,
        )
    ]
    notices: list = []
    if was_ready:
        item = Item.objects.get(pk=item_id)
        if item.status == ItemStatus.ON_HOLD_SHELF:
            item_route(
                item=item,
                library_id=item.location_id or hold.pickup_library_id,
                rules=rules,
                log_entries=log_entries,
                notices=notices,
            )
    log_entries_write(log_entries)
    notices_pending_create(notices)
    pulls_assign(record_id=hold.record_id)
    return hold


@transaction.atomic
def hold_cancel(
    *, actor, hold_id: int, library_id: int | None = None, channel: str = "web"
) -> Hold:
    found = Hold.objects.select_related("reader").filter(pk=hold_id).first()
    if found is None or found.status not in ACTIVE_HOLD_STATUSES:
        raise HoldNotFoundError()
    ensure_self_or_desk(actor, reader=found.reader, library_id=library_id)
    with locks.lock_timeout():
        if found.item_id:
            locks.items_lock(item_ids=[found.item_id])
        return _release(
            hold=found,
            locked_item_id=found.item_id,
            closing_status=HoldStatus.CANCELLED,
            kind=LogEntryKind.HOLD_CANCEL,
            channel=channel,
        )


def holds_expire(*, today=None) -> int:
    """Holds not collected by their last day: each expires in its own transaction,
    the reader is told, and the copy serves the next in line."""
    today = today or clock.today()
    expired = 0
    due = Hold.objects.filter(status=HoldStatus.READY, expires_on__lt=today).order_by("pk")
    for hold_id, item_id in due.values_list("pk", "item_id"):
        with transaction.atomic(), locks.lock_timeout():
            locks.items_lock(item_ids=[item_id])
            hold = Hold.objects.filter(
                pk=hold_id, status=HoldStatus.READY, expires_on__lt=today
            ).first()
            if hold is None:
                continue
            hold = _release(
                hold=hold,
                locked_item_id=item_id,
                closing_status=HoldStatus.EXPIRED,
                kind=LogEntryKind.HOLD_EXPIRE,
                channel="system",
            )
            notice_create(kind=NoticeKind.HOLD_EXPIRED, reader_id=hold.reader_id, hold=hold)
            expired += 1
    return expired


def holds_expire_unfilled(*, today=None) -> int:
    """Holds still waiting WENLAN_CIRC_HOLD_WAIT_DAYS after they were placed are
    no longer wanted: each expires in its own transaction and frees its pull."""
    today = today or clock.today()
    cutoff = today - dt.timedelta(days=settings.WENLAN_CIRC_HOLD_WAIT_DAYS)
    stale = Hold.objects.filter(status=HoldStatus.WAITING, placed_at__date__lt=cutoff)
    expired = 0
    for hold_id in stale.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic(), locks.lock_timeout():
            hold = Hold.objects.filter(
                pk=hold_id, status=HoldStatus.WAITING, placed_at__date__lt=cutoff
            ).first()
            if hold is None:
                continue
            _release(
                hold=hold,
                locked_item_id=None,
                closing_status=HoldStatus.EXPIRED,
                kind=LogEntryKind.HOLD_EXPIRE,
                channel="system",
            )
            expired += 1
    return expired


@dataclass
class ScanReport:
    holds_expired: int
    due_soon: int
    overdue: int
    borrow_counts_changed: int = 0
    holds_unfilled_expired: int = 0
    pulls_moved: int = 0


def circulation_scan(*, today=None) -> ScanReport:
    """The periodic job: expire uncollected and long-unfilled holds, give waiting
    holds a library to pull a copy from, then due-soon and overdue notices, then the
    catalog's borrow counts."""
    from wenlan.circulation.services.notices import loans_notify_due
    from wenlan.circulation.services.statistics import record_borrow_counts_refresh

    expired = holds_expire(today=today)
    unfilled = holds_expire_unfilled(today=today)
    moved = holds_pulls_refresh()
    due_soon, overdue = loans_notify_due(today=today)
    return ScanReport(
        holds_expired=expired,
        due_soon=due_soon,
        overdue=overdue,
        borrow_counts_changed=record_borrow_counts_refresh(),
        holds_unfilled_expired=unfilled,
        pulls_moved=moved,
    )
