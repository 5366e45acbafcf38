"""A reader's loans, reading history, holds, fines and blocks (core/personal_data.py;
their notices are the notices app's). Erasure waits for every copy to be back and
every fine settled; it cancels the holds (a copy on the hold shelf serves the next
reader) and deletes the history. Loans, fines and blocks stay with the
blanked reader row, so the library's counts and accounts still add up."""

from django.utils.translation import gettext as _

from wenlan.circulation import locks
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES, HoldStatus, LogEntryKind
from wenlan.circulation.models import Block, Fine, Hold, Loan, ReadingHistoryEntry
from wenlan.circulation.services.holds import _release
from wenlan.core.personal_data import PersonalDataSection, iso


def _loan_out(loan: Loan) -> dict:
    return {
        "title": loan.record.title,
        "barcode": loan.item.barcode,
        "library": loan.library.code,
        "loaned_at": iso(loan.loaned_at),
        "due_on": iso(loan.due_on),
        "renewals": loan.renewals,
        "returned_at": iso(loan.returned_at),
        "return_library": loan.return_library.code if loan.return_library else None,
        "lost_at": iso(loan.lost_at),
    }


def loans_export(reader_id: int) -> dict:
    """Current loans, the returned loans still on record, and the reading history
    the reader chose to keep."""
    loans = list(
        Loan.objects.filter(reader_id=reader_id)
        .select_related("record", "item", "library", "return_library")
        .order_by("loaned_at", "pk")
    )
    history = ReadingHistoryEntry.objects.filter(reader_id=reader_id).select_related("record")
    return {
        "current": [_loan_out(loan) for loan in loans if loan.returned_at is None],
        "returned": [_loan_out(loan) for loan in loans if loan.returned_at is not None],
        "history": [
            {
                "title": entry.record.title,
                "loaned_on": iso(entry.loaned_on),
                "returned_on": iso(entry.returned_on),
            }
            for entry in history.order_by("returned_on", "pk")
        ],
    }


def loans_blockers(reader_id: int) -> list[str]:
    loans = (
        Loan.objects.filter(reader_id=reader_id, returned_at__isnull=True)
        .select_related("record", "item")
        .order_by("due_on", "pk")
    )
    return [
        _("请先归还《%(title)s》（条码 %(barcode)s，应还日期 %(due)s）。")
        % {"title": loan.record.title, "barcode": loan.item.barcode, "due": loan.due_on}
        for loan in loans
    ]


def history_erase(reader_id: int) -> None:
    ReadingHistoryEntry.objects.filter(reader_id=reader_id).delete()


def holds_export(reader_id: int) -> list[dict]:
    holds = (
        Hold.objects.filter(reader_id=reader_id)
        .select_related("record", "pickup_library")
        .order_by("placed_at", "pk")
    )
    return [
        {
            "title": hold.record.title,
            "pickup_library": hold.pickup_library.code,
            "status": hold.status,
            "placed_at": iso(hold.placed_at),
            "ready_at": iso(hold.ready_at),
            "expires_on": iso(hold.expires_on),
            "closed_at": iso(hold.closed_at),
        }
        for hold in holds
    ]


def holds_erase(reader_id: int) -> None:
    """Cancel each active hold as the reader would: a copy kept on the hold shelf
    for them goes to the next reader in line (or home)."""
    holds = Hold.objects.filter(reader_id=reader_id, status__in=ACTIVE_HOLD_STATUSES).order_by("pk")
    with locks.lock_timeout():
        for hold in holds:
            if hold.item_id:
                locks.items_lock(item_ids=[hold.item_id])
            _release(
                hold=hold,
                locked_item_id=hold.item_id,
                closing_status=HoldStatus.CANCELLED,
                kind=LogEntryKind.HOLD_CANCEL,
                channel="erasure",
            )


def fines_export(reader_id: int) -> list[dict]:
    fines = Fine.objects.filter(reader_id=reader_id).order_by("created_at", "pk")
    return [
        {
            "reason": fine.reason,
            "amount": str(fine.amount),
            "created_at": iso(fine.created_at),
            "settled_at": iso(fine.settled_at),
        }
        for fine in fines
    ]


def fines_blockers(reader_id: int) -> list[str]:
    fines = Fine.objects.filter(reader_id=reader_id, settled_at__isnull=True).order_by(
        "created_at", "pk"
    )
    return [
        _("请先缴清罚款 %(amount)s 元（%(reason)s）。")
        % {"amount": fine.amount, "reason": fine.reason}
        for fine in fines
    ]


def blocks_export(reader_id: int) -> list[dict]:
    blocks = Block.objects.filter(reader_id=reader_id).order_by("created_at", "pk")
    return [
        {
            "kind": block.kind,
            "reason": block.reason,
            "starts_on": iso(block.starts_on),
            "until": iso(block.until),
            "created_at": iso(block.created_at),
            "cleared_at": iso(block.cleared_at),
        }
        for block in blocks
    ]


SECTIONS = (
    PersonalDataSection(
        name="loans",
        models=("circulation.Loan", "circulation.ReadingHistoryEntry"),
        export=loans_export,
        erase=history_erase,
        blockers=loans_blockers,
        order=10,
    ),
    PersonalDataSection(
        name="holds", models=("circulation.Hold",), export=holds_export, erase=holds_erase, order=11
    ),
    PersonalDataSection(
        name="fines",
        models=("circulation.Fine",),
        export=fines_export,
        blockers=fines_blockers,
        order=12,
    ),
    PersonalDataSection(
        name="borrowing_blocks", models=("circulation.Block",), export=blocks_export, order=13
    ),
)
