"""Back-dated circulation history in bulk: loans already returned, holds already
closed and transits already received, with their circulation log entries at the
times they happened. For a migration from another system and for the demo's year
of history; it never touches a copy's current state (status, open loans, holds
waiting), so it cannot break a rule the desk services keep.

Each row is checked (known copy, reader and libraries, times in order, in the
past, the actor holding the desk permission at the library concerned); a bad row
is counted and skipped, never aborting the batch."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.catalog.models import Item
from wenlan.circulation.enums import HoldStatus, LogEntryKind, TransitReason
from wenlan.circulation.models import CirculationLogEntry, Hold, Loan, Transit
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services.log import analytics_secret
from wenlan.core import clock
from wenlan.patrons.models import Reader

CLOSED_HOLD_STATUSES = (HoldStatus.FULFILLED, HoldStatus.CANCELLED, HoldStatus.EXPIRED)


@dataclass(frozen=True)
class PastLoan:
    item_id: int
    reader_id: int
    library_id: int  # where it was lent
    loaned_at: dt.datetime
    due_on: dt.date
    returned_at: dt.datetime
    return_library_id: int
    renewed_at: dt.datetime | None = None
    channel: str = "desk"


@dataclass(frozen=True)
class PastHold:
    record_id: int
    reader_id: int
    pickup_library_id: int
    placed_at: dt.datetime
    status: str  # fulfilled, cancelled or expired
    closed_at: dt.datetime
    ready_at: dt.datetime | None = None  # when a copy waited for the reader
    item_id: int | None = None


@dataclass(frozen=True)
class PastTransit:
    item_id: int
    from_library_id: int
    to_library_id: int
    sent_at: dt.datetime
    received_at: dt.datetime
    reason: str = TransitReason.HOME


@dataclass
class HistoryReport:
    loans: int = 0
    holds: int = 0
    transits: int = 0
    log_entries: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "loans": self.loans,
            "holds": self.holds,
            "transits": self.transits,
            "log_entries": self.log_entries,
            "skipped": self.skipped,
        }


class _Log:
    """Log entries for the batch, each at its own time, readers as pseudonyms."""

    def __init__(self, readers: dict[int, Reader], items: dict[int, Item]):
        self.readers, self.items, self.entries = readers, items, []
        self.secret = analytics_secret()
        self.pseudonyms: dict[int, str] = {}

    def add(self, *, kind, at, reader_id, item_id, record_id, library_id, channel) -> None:
        reader = self.readers.get(reader_id) if reader_id else None
        pseudonym = ""
        if reader is not None and reader.allow_analytics:
            if reader_id not in self.pseudonyms:
                self.pseudonyms[reader_id] = reader_pseudonym(
                    secret=self.secret, reader_id=reader_id
                )
            pseudonym = self.pseudonyms[reader_id]
        self.entries.append(
            CirculationLogEntry(
                at=at,
                kind=kind,
                reader_pseudonym=pseudonym,
                reader_category=reader.category if reader is not None else "",
                item_id=item_id,
                record_id=record_id,
                library_id=library_id,
                channel=channel[:8],
            )
        )


def _allowed(actor, libraries: set[int]) -> set[int] | None:
    ensure_can(actor, Perm.CIRCULATION_DESK)
    scope = library_scope(actor, Perm.CIRCULATION_DESK)
    return None if scope is None else scope & libraries


@transaction.atomic
def circulation_history_import(
    *,
    actor,
    loans: list[PastLoan] = (),
    holds: list[PastHold] = (),
    transits: list[PastTransit] = (),
) -> HistoryReport:
    """Write back-dated, finished loans, holds and transits with their log entries."""
    now = clock.now()
    report = HistoryReport()
    item_ids = {r.item_id for r in (*loans, *transits)} | {h.item_id for h in holds if h.item_id}
    items = {i.pk: i for i in Item.objects.filter(pk__in=item_ids).only("id", "record_id")}
    reader_ids = {r.reader_id for r in (*loans, *holds)}
    readers = {
        r.pk: r
        for r in Reader.objects.filter(pk__in=reader_ids).only("id", "category", "allow_analytics")
    }
    library_ids = (
        {r.library_id for r in loans}
        | {r.return_library_id for r in loans}
        | {h.pickup_library_id for h in holds}
        | {t.from_library_id for t in transits}
        | {t.to_library_id for t in transits}
    )
    allowed = _allowed(actor, library_ids)
    log = _Log(readers, items)

    def refuse(message: str) -> None:
        report.skipped += 1
        if len(report.errors) < 20:
            report.errors.append(message)

    def permitted(*ids: int) -> bool:
        return allowed is None or all(i in allowed for i in ids)

    new_loans = []
    for n, row in enumerate(loans):
        item = items.get(row.item_id)
        times = [row.loaned_at, row.renewed_at or row.loaned_at, row.returned_at]
        if item is None or row.reader_id not in readers:
            refuse(f"loan {n}: unknown copy or reader")
        elif not permitted(row.library_id, row.return_library_id):
            refuse(f"loan {n}: library outside the actor's scope")
        elif times != sorted(times) or row.returned_at > now:
            refuse(f"loan {n}: times out of order or in the future")
        else:
            new_loans.append(
                Loan(
                    item_id=item.pk,
                    record_id=item.record_id,
                    reader_id=row.reader_id,
                    library_id=row.library_id,
                    loaned_at=row.loaned_at,
                    due_on=row.due_on,
                    renewals=1 if row.renewed_at else 0,
                    returned_at=row.returned_at,
                    return_library_id=row.return_library_id,
                    channel=row.channel if row.channel in ("desk", "sip2", "api") else "desk",
                )
            )
            common = {"reader_id": row.reader_id, "item_id": item.pk, "record_id": item.record_id}
            log.add(kind=LogEntryKind.CHECKOUT, at=row.loaned_at, library_id=row.library_id,
                    channel=row.channel, **common)  # fmt: skip
            if row.renewed_at:
                log.add(kind=LogEntryKind.RENEW, at=row.renewed_at, library_id=row.library_id,
                        channel=row.channel, **common)  # fmt: skip
            log.add(kind=LogEntryKind.CHECKIN, at=row.returned_at,
                    library_id=row.return_library_id, channel=row.channel, **common)  # fmt: skip
    Loan.objects.bulk_create(new_loans, batch_size=2000)
    report.loans = len(new_loans)

    new_holds = []
    closing = {
        HoldStatus.FULFILLED: LogEntryKind.HOLD_FULFIL,
        HoldStatus.CANCELLED: LogEntryKind.HOLD_CANCEL,
        HoldStatus.EXPIRED: LogEntryKind.HOLD_EXPIRE,
    }
    for n, row in enumerate(holds):
        times = [row.placed_at, row.ready_at or row.placed_at, row.closed_at]
        if row.reader_id not in readers or (row.item_id and row.item_id not in items):
            refuse(f"hold {n}: unknown copy or reader")
        elif row.status not in CLOSED_HOLD_STATUSES:
            refuse(f"hold {n}: only finished holds can be back-dated")
        elif not permitted(row.pickup_library_id):
            refuse(f"hold {n}: library outside the actor's scope")
        elif times != sorted(times) or row.closed_at > now:
            refuse(f"hold {n}: times out of order or in the future")
        else:
            new_holds.append(
                Hold(
                    record_id=row.record_id,
                    reader_id=row.reader_id,
                    pickup_library_id=row.pickup_library_id,
                    status=row.status,
                    item_id=row.item_id,
                    placed_at=row.placed_at,
                    ready_at=row.ready_at,
                    closed_at=row.closed_at,
                )
            )
            common = {"reader_id": row.reader_id, "record_id": row.record_id,
                      "library_id": row.pickup_library_id, "channel": "desk"}  # fmt: skip
            log.add(kind=LogEntryKind.HOLD_PLACE, at=row.placed_at, item_id=None, **common)
            if row.ready_at:
                log.add(kind=LogEntryKind.HOLD_READY, at=row.ready_at, item_id=row.item_id,
                        **common)  # fmt: skip
            log.add(kind=closing[row.status], at=row.closed_at, item_id=row.item_id, **common)
    Hold.objects.bulk_create(new_holds, batch_size=2000)
    report.holds = len(new_holds)

    new_transits = []
    for n, row in enumerate(transits):
        item = items.get(row.item_id)
        if item is None:
            refuse(f"transit {n}: unknown copy")
        elif not permitted(row.from_library_id, row.to_library_id):
            refuse(f"transit {n}: library outside the actor's scope")
        elif row.sent_at > row.received_at or row.received_at > now:
            refuse(f"transit {n}: times out of order or in the future")
        else:
            new_transits.append(
                Transit(
                    item_id=item.pk,
                    from_library_id=row.from_library_id,
                    to_library_id=row.to_library_id,
                    reason=row.reason,
                    sent_at=row.sent_at,
                    received_at=row.received_at,
                )
            )
            common = {"reader_id": None, "item_id": item.pk, "record_id": item.record_id,
                      "channel": "desk"}  # fmt: skip
            log.add(kind=LogEntryKind.TRANSIT_SEND, at=row.sent_at,
                    library_id=row.from_library_id, **common)  # fmt: skip
            log.add(kind=LogEntryKind.TRANSIT_RECEIVE, at=row.received_at,
                    library_id=row.to_library_id, **common)  # fmt: skip
    Transit.objects.bulk_create(new_transits, batch_size=2000)
    report.transits = len(new_transits)

    # In time order, so that the log's ids follow its times as the desk's would.
    log.entries.sort(key=lambda e: e.at)
    CirculationLogEntry.objects.bulk_create(log.entries, batch_size=5000)
    report.log_entries = len(log.entries)
    return report
