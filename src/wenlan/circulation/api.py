"""Desk endpoints (staff with the circulation permission at the desk's library)
and the signed-in reader's own loans and holds."""

from django.db.models import QuerySet
from ninja import Router, Status

from wenlan.accounts.actors import acting_user
from wenlan.circulation.models import Hold, Loan, Transit
from wenlan.circulation.permissions import ensure_desk
from wenlan.circulation.schemas import (
    CheckinOut,
    HoldOut,
    HoldPlaceIn,
    LoanCheckinIn,
    LoanCheckoutIn,
    LoanOut,
    LoanRenewIn,
    ReaderCirculationOut,
    TransitOut,
)
from wenlan.circulation.selectors.desk import transit_get, transit_list
from wenlan.circulation.selectors.holds import hold_list_for_reader
from wenlan.circulation.selectors.readers import (
    loan_get,
    loan_list_for_reader,
    reader_desk_open,
    reader_summary,
)
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.services import loans as loan_services
from wenlan.circulation.services import renewals as renewal_services
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.core.ids import RowId
from wenlan.patrons.selectors import reader_for_user

router = Router(tags=["circulation"])


def loan_out(loan: Loan) -> dict:
    return {
        "id": loan.pk,
        "barcode": loan.item.barcode,
        "record_id": loan.record_id,
        "title": loan.record.title,
        "library": loan.library.code,
        "loaned_at": loan.loaned_at,
        "due_on": loan.due_on,
        "renewals": loan.renewals,
        "overdue": loan.due_on < clock.today(),
    }


def hold_out(hold: Hold) -> dict:
    return {
        "id": hold.pk,
        "record_id": hold.record_id,
        "title": hold.record.title,
        "pickup_library": hold.pickup_library.code,
        "status": hold.status,
        "position": getattr(hold, "position", None) if hold.status == "waiting" else None,
        "placed_at": hold.placed_at,
        "expires_on": hold.expires_on,
    }


def transit_out(transit: Transit) -> dict:
    return {
        "id": transit.pk,
        "barcode": transit.item.barcode,
        "title": transit.item.record.title,
        "from_library": transit.from_library.code,
        "to_library": transit.to_library.code,
        "reason": transit.reason,
        "sent_at": transit.sent_at,
        "for_reader": transit.hold.reader.card_number if transit.hold_id else None,
    }


@router.post("/checkout", response=LoanOut, summary="Lend a copy to a reader at a desk")
def checkout(request, payload: LoanCheckoutIn):
    result = loan_services.loan_checkout(
        actor=request.auth,
        library_id=payload.library_id,
        barcode=payload.barcode,
        card_number=payload.card_number,
        channel="api",
    )
    return loan_out(loan_get(loan_id=result.loan.pk))


@router.post("/checkin", response=CheckinOut, summary="Return a copy at any library")
def checkin(request, payload: LoanCheckinIn):
    result = loan_services.loan_checkin(
        actor=request.auth, library_id=payload.library_id, barcode=payload.barcode, channel="api"
    )
    transit = result.route.transit if result.route else None
    if transit is not None:
        transit = transit_get(actor=request.auth, transit_id=transit.pk)
    return {
        "barcode": result.item.barcode,
        "title": result.item.record.title,
        "outcome": result.outcome,
        "message": result.message,
        "changed": result.changed,
        "days_late": result.days_late,
        "fine": result.fine,
        "suspended_until": result.suspended_until,
        "transit": transit_out(transit) if transit else None,
    }


@router.post("/loans/{loan_id}/renew", response=LoanOut, summary="Renew a loan")
def renew(request, loan_id: RowId, payload: LoanRenewIn):
    """The reader renews their own loan; staff give the desk's library."""
    renewal_services.loan_renew(
        actor=request.auth, loan_id=loan_id, library_id=payload.library_id, channel="api"
    )
    return loan_out(loan_get(loan_id=loan_id))


@router.get("/readers/{card_number}", response=ReaderCirculationOut, summary="A reader at the desk")
def reader_at_desk(request, card_number: str, library_id: RowId):
    reader = reader_desk_open(actor=request.auth, library_id=library_id, card_number=card_number)
    summary = reader_summary(reader=reader)
    return {
        "card_number": reader.card_number,
        "name": reader.name,
        "loans": [loan_out(loan) for loan in summary.loans],
        "holds": [hold_out(hold) for hold in summary.holds],
        "blocks": [
            {"kind": b.kind, "message": b.message, "until": b.until} for b in summary.blocks
        ],
        "fines_owed": summary.fines_owed,
    }


@router.get("/transits", response=list[TransitOut], summary="Copies in transit to a library")
def transits(request, library_id: RowId, incoming: bool = True):
    ensure_desk(request.auth, library_id=library_id)
    found: QuerySet[Transit] = transit_list(
        actor=request.auth, library_id=library_id, incoming=incoming
    )
    return [transit_out(t) for t in found[:500]]


def _own_reader(request):
    reader = reader_for_user(user=acting_user(request.auth))
    if reader is None:
        raise NotFoundError()
    return reader


@router.get("/me/loans", response=list[LoanOut], summary="The signed-in reader's loans")
def my_loans(request):
    return [loan_out(loan) for loan in loan_list_for_reader(reader_id=_own_reader(request).pk)]


@router.get("/me/holds", response=list[HoldOut], summary="The signed-in reader's holds")
def my_holds(request):
    return [hold_out(h) for h in hold_list_for_reader(reader_id=_own_reader(request).pk)]


@router.post("/me/holds", response={201: HoldOut}, summary="Place a hold on a title")
def my_hold_place(request, payload: HoldPlaceIn):
    reader = _own_reader(request)
    hold = hold_services.hold_place(
        actor=request.auth,
        reader_id=reader.pk,
        record_id=payload.record_id,
        pickup_library_id=payload.pickup_library_id,
        channel="api",
    )
    found = hold_list_for_reader(reader_id=reader.pk).get(pk=hold.pk)
    return Status(201, hold_out(found))


@router.delete("/me/holds/{hold_id}", response={204: None}, summary="Cancel one's hold")
def my_hold_cancel(request, hold_id: RowId):
    hold_services.hold_cancel(actor=request.auth, hold_id=hold_id, channel="api")
    return Status(204, None)
