"""悦读 for bookstores that put the till step into their till: one call lends a new
book (201, or 200 with the same loan for a double scan), one takes it back; the
store's loans by month. Authenticated with the clerk's API key (scope `o2o.till`)."""

import datetime as dt

from ninja import Router, Status

from wenlan.core import clock
from wenlan.core.errors import ValidationError
from wenlan.core.ids import RowId
from wenlan.o2o.models import BookstoreLoan
from wenlan.o2o.policies import period_parse, period_start
from wenlan.o2o.schemas import (
    BookstoreLoanCreateIn,
    BookstoreLoanOut,
    BookstoreReturnIn,
    BookstoreReturnOut,
)
from wenlan.o2o.selectors.bookstore import (
    bookstore_get,
    bookstore_loan_get,
    bookstore_loan_list,
    till_store_id,
)
from wenlan.o2o.services.bookstore import TillSale, bookstore_loan_create, bookstore_loan_return

router = Router(tags=["o2o"])


def line_out(line: BookstoreLoan, *, repeated: bool = False) -> dict:
    return {
        "id": line.loan_id,
        "line_id": line.pk,
        "record_id": line.record_id,
        "barcode": line.item.barcode,
        "isbn": line.isbn,
        "title": line.title,
        "price": line.price,
        "store": line.bookstore.library.code,
        "loaned_at": line.loan.loaned_at.astimezone(dt.UTC),  # answers give UTC
        "due_on": line.loan.due_on,
        "brief_record": line.brief_record,
        "returned": line.loan.returned_at is not None,
        "repeated": repeated,
    }


@router.post(
    "/bookstore-loans",
    response={201: BookstoreLoanOut, 200: BookstoreLoanOut},
    summary="悦读: lend a new book at a partner bookstore's till",
)
def bookstore_loan_create_endpoint(request, payload: BookstoreLoanCreateIn):
    """201 with the new loan; 200 with the loan made before when the same book was
    already scanned for the same reader today (a double scan). A refusal's `code`
    names the rule: `yuedu_monthly_limit`, `yuedu_price_cap`, `yuedu_too_old`,
    `yuedu_textbook`, `yuedu_enough_copies`, `yuedu_budget`, `reader_blocked`,
    `loan_limit`, `reader_not_found`, `title_required`, `not_a_bookstore`."""
    store_id = till_store_id(actor=request.auth, code=payload.store)
    result = bookstore_loan_create(
        actor=request.auth,
        store_id=store_id,
        sale=TillSale(
            card=payload.card,
            isbn=payload.isbn,
            price=payload.price,
            title=payload.title,
            author=payload.author,
            publisher=payload.publisher,
            year=payload.year,
            clc=payload.clc,
            barcode=payload.barcode,
        ),
    )
    # The line comes back with its store, loan and copy: no second read.
    return Status(
        201 if result.created else 200, line_out(result.line, repeated=not result.created)
    )


@router.get(
    "/bookstore-loans", response=list[BookstoreLoanOut], summary="悦读: a store's loans of a month"
)
def bookstore_loan_list_endpoint(request, store: str = "", period: str = ""):
    """`period` is a month, `2026-11`; this month if blank."""
    month = period_parse(period) if period else period_start(clock.today())
    if month is None:
        raise ValidationError(field="period")
    bookstore = bookstore_get(
        actor=request.auth, store_id=till_store_id(actor=request.auth, code=store, manage=True)
    )
    return [line_out(line) for line in bookstore_loan_list(store=bookstore, period=month)[:1000]]


@router.get(
    "/bookstore-loans/{line_id}", response=BookstoreLoanOut, summary="悦读: one loan of a store"
)
def bookstore_loan_get_endpoint(request, line_id: RowId):
    return line_out(bookstore_loan_get(actor=request.auth, line_id=line_id))


@router.post(
    "/bookstore-returns",
    response=BookstoreReturnOut,
    summary="悦读: take a 悦读 copy back at the store",
)
def bookstore_return_endpoint(request, payload: BookstoreReturnIn):
    store_id = till_store_id(actor=request.auth, code=payload.store)
    result = bookstore_loan_return(actor=request.auth, store_id=store_id, barcode=payload.barcode)
    return {
        "barcode": result.item.barcode,
        "title": result.item.record.title,
        "outcome": result.outcome,
        "message": result.message,
    }
