"""悦读 for bookstores that put the till step into their till: one call lends a new
book (201, or 200 with the same loan for a double scan), one takes it back; the
store's loans by month. Authenticated with the clerk's API key (scope `o2o.till`)."""

import datetime as dt

from ninja import Router, Status

from wenlan.core import clock
from wenlan.core.errors import ValidationError
from wenlan.core.ids import RowId
from wenlan.o2o.errors import NoReaderCardError
from wenlan.o2o.models import BookstoreLoan, HandOnOffer, PurchaseSuggestion, StoreOrder
from wenlan.o2o.policies import handon_status, period_parse, period_start
from wenlan.o2o.schemas import (
    BookstoreLoanCreateIn,
    BookstoreLoanOut,
    BookstoreReturnIn,
    BookstoreReturnOut,
    HandOnAcceptIn,
    HandOnListOut,
    HandOnOfferIn,
    HandOnOfferOut,
    StoreListingOut,
    StoreOrderCreateIn,
    StoreOrderOut,
    SuggestionCreateIn,
    SuggestionOut,
)
from wenlan.o2o.selectors.bookstore import (
    bookstore_get,
    bookstore_loan_get,
    bookstore_loan_list,
    till_store_id,
)
from wenlan.o2o.selectors.handon import handon_list_for_reader
from wenlan.o2o.selectors.store_orders import store_listings_public, store_order_list_for_reader
from wenlan.o2o.selectors.suggestions import suggestion_list_for_reader
from wenlan.o2o.services.bookstore import TillSale, bookstore_loan_create, bookstore_loan_return
from wenlan.o2o.services.handon import (
    handon_offer_accept,
    handon_offer_create,
    handon_offer_withdraw,
)
from wenlan.o2o.services.store_orders import store_order_place
from wenlan.o2o.services.suggestions import SuggestionIn, suggestion_create
from wenlan.patrons.selectors import reader_of

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


def handon_out(offer: HandOnOffer, *, role: str) -> dict:
    status = getattr(offer, "shown_status", None) or handon_status(
        status=offer.status, expires_at=offer.expires_at, now=clock.now()
    )
    giver = role == "giver"
    return {
        "id": offer.pk,
        "role": role,
        "code": offer.code if giver and status == "open" else None,
        "title": offer.record.title,
        "record_id": offer.record_id,
        "status": status,
        "named": offer.named,
        "created_at": offer.created_at.astimezone(dt.UTC),
        "expires_at": offer.expires_at.astimezone(dt.UTC),
        "closed_at": offer.closed_at.astimezone(dt.UTC) if offer.closed_at else None,
        "loan_id": offer.loan_id if giver else offer.new_loan_id,
        "due_on": offer.new_loan.due_on if offer.new_loan_id and not giver else None,
    }


@router.get("/me/handon", response=HandOnListOut, summary="悦享: the signed-in reader's hand-ons")
def handon_list_endpoint(request):
    found = handon_list_for_reader(reader_id=_reader(request).pk)
    return {
        "given": [handon_out(offer, role="giver") for offer in found.given],
        "received": [handon_out(offer, role="receiver") for offer in found.received],
    }


@router.post(
    "/me/handon", response={201: HandOnOfferOut}, summary="悦享: offer one's loan to another reader"
)
def handon_offer_endpoint(request, payload: HandOnOfferIn):
    """201 with the offer and its code (an offer still open for the loan comes back
    as it is). Refusals: `handon_overdue`, `handon_holds_waiting`, `handon_self`,
    `reader_not_found` (the receiver's card), `not_found` (not the caller's loan)."""
    offer = handon_offer_create(
        actor=request.auth, loan_id=payload.loan_id, receiver_card=payload.receiver_card
    )
    return Status(201, handon_out(offer, role="giver"))


@router.post(
    "/me/handon/accept", response=HandOnOfferOut, summary="悦享: accept a hand-on by its code"
)
def handon_accept_endpoint(request, payload: HandOnAcceptIn):
    """The loan moves to the caller. Refusals: `handon_not_found`, `handon_closed`
    (taken, withdrawn or expired), `handon_self`, `handon_not_for_you`,
    `handon_holds_waiting`, `handon_overdue`, `reader_blocked`, `loan_limit`."""
    accepted = handon_offer_accept(actor=request.auth, code=payload.code)
    return handon_out(accepted.offer, role="receiver")


@router.post(
    "/me/handon/{offer_id}/withdraw",
    response=HandOnOfferOut,
    summary="悦享: withdraw one's open offer",
)
def handon_withdraw_endpoint(request, offer_id: RowId):
    return handon_out(handon_offer_withdraw(actor=request.auth, offer_id=offer_id), role="giver")


def _utc(value):
    return value.astimezone(dt.UTC) if value else None


def suggestion_out(s: PurchaseSuggestion) -> dict:
    return {
        "id": s.pk, "isbn": s.isbn, "title": s.title, "author": s.author, "status": s.status,
        "decline_reason": s.decline_reason, "created_at": _utc(s.created_at),
        "decided_at": _utc(s.decided_at), "received_at": _utc(s.received_at),
        "hold_id": s.hold_id,
    }  # fmt: skip


def _reader(request):
    reader = reader_of(request.auth)
    if reader is None:
        raise NoReaderCardError()
    return reader


@router.get(
    "/me/suggestions", response=list[SuggestionOut], summary="悦购: the reader's suggestions"
)
def suggestion_list_endpoint(request):
    rows = suggestion_list_for_reader(reader_id=_reader(request).pk)[:200]
    return [suggestion_out(s) for s in rows]


@router.post("/me/suggestions", response={201: SuggestionOut}, summary="悦购: suggest a purchase")
def suggestion_create_endpoint(request, payload: SuggestionCreateIn):
    """Refusals: `suggestion_already_held` (the catalog has copies: place a hold),
    `suggestion_duplicate`, `suggestion_title_required`, `invalid` (the ISBN)."""
    made = suggestion_create(actor=request.auth, suggestion=SuggestionIn(**payload.model_dump()))
    return Status(201, suggestion_out(made))


def order_out(order: StoreOrder) -> dict:
    return {
        "id": order.pk, "store": order.bookstore.library.code, "title": order.title,
        "price": order.price, "status": order.status, "created_at": _utc(order.created_at),
        "ready_at": _utc(order.ready_at), "closed_at": _utc(order.closed_at),
    }  # fmt: skip


@router.get(
    "/bookstore-listings",
    response=list[StoreListingOut],
    summary="悦购: titles partner bookstores offer to order and collect",
)
def store_listing_list_endpoint(request):
    _reader(request)
    return [
        {
            "id": row.pk,
            "store": row.bookstore.library.code,
            "store_name": row.bookstore.library.name,
            "isbn": row.isbn,
            "title": row.title,
            "author": row.author,
            "price": row.price,
            "stock": row.stock,
        }  # fmt: skip
        for row in store_listings_public()
    ]


@router.get(
    "/me/bookstore-orders", response=list[StoreOrderOut], summary="悦购: the reader's orders"
)
def store_order_list_endpoint(request):
    rows = store_order_list_for_reader(reader_id=_reader(request).pk)[:200]
    return [order_out(order) for order in rows]


@router.post(
    "/me/bookstore-orders",
    response={201: StoreOrderOut},
    summary="悦购: order a listed title to collect and pay for at the store",
)
def store_order_create_endpoint(request, payload: StoreOrderCreateIn):
    """Refusals: `listing_unavailable` (sold out), `store_order_duplicate`, `not_found`."""
    order = store_order_place(actor=request.auth, listing_id=payload.listing_id)
    return Status(201, order_out(order))
