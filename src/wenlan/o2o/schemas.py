import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class BookstoreLoanCreateIn(Schema):
    card: str = Field(..., max_length=200, description="The reader's card number or e-card content")
    isbn: str = Field(..., max_length=32)
    price: Decimal = Field(..., description="The book's price in yuan", max_digits=8)
    title: str = Field("", max_length=500, description="For a book the catalog lacks")
    author: str = Field("", max_length=200, description="For a book the catalog lacks")
    publisher: str = Field("", max_length=300)
    year: int | None = Field(None, ge=1000, le=2999)
    clc: str = Field("", max_length=64, description="CLC class, when printed in the book")
    barcode: str = Field("", max_length=64, description="A pre-printed library label, if any")
    store: str = Field(
        "", max_length=32, description="The store's library code; the clerk's own store if blank"
    )


class BookstoreReturnIn(Schema):
    barcode: str = Field(..., max_length=64)
    store: str = Field("", max_length=32)


class BookstoreLoanOut(Schema):
    id: int = Field(..., description="The loan's id")
    line_id: int = Field(..., description="The settlement line's id")
    record_id: int
    barcode: str
    isbn: str
    title: str
    price: Decimal
    store: str
    loaned_at: dt.datetime
    due_on: dt.date
    brief_record: bool
    returned: bool
    repeated: bool = Field(False, description="A double scan: the loan made before")


class BookstoreReturnOut(Schema):
    barcode: str
    title: str
    outcome: str
    message: str


class HandOnOfferIn(Schema):
    loan_id: int = Field(..., ge=1, description="One of the signed-in reader's open loans")
    receiver_card: str = Field(
        "", max_length=200, description="Hand it to this reader only; anyone with the code if blank"
    )


class HandOnAcceptIn(Schema):
    code: str = Field(..., max_length=32, description="The offer's code, as typed or from its QR")


class HandOnOfferOut(Schema):
    """An offer as one of its two readers sees it: neither sees who the other is."""

    id: int
    role: str = Field(..., description="`giver` or `receiver`: the caller's part")
    code: str | None = Field(None, description="The code, for the giver of an open offer only")
    title: str
    record_id: int
    status: str = Field(..., description="open, accepted, withdrawn, declined or expired")
    named: bool
    created_at: dt.datetime
    expires_at: dt.datetime
    closed_at: dt.datetime | None
    loan_id: int | None = Field(None, description="The caller's loan: given, or received")
    due_on: dt.date | None = Field(None, description="The receiver's due date, once accepted")


class HandOnListOut(Schema):
    given: list[HandOnOfferOut]
    received: list[HandOnOfferOut]


class SuggestionCreateIn(Schema):
    isbn: str = Field("", max_length=32, description="The book's ISBN; or give a title")
    title: str = Field("", max_length=500)
    author: str = Field("", max_length=200)
    publisher: str = Field("", max_length=300)
    note: str = Field("", max_length=500, description="Why the reader suggests it")


class SuggestionOut(Schema):
    id: int
    isbn: str
    title: str
    author: str
    status: str = Field(..., description="new, accepted (on order), declined or received")
    decline_reason: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    received_at: dt.datetime | None
    hold_id: int | None = Field(None, description="The reader's hold the received copy serves")


class StoreListingOut(Schema):
    id: int
    store: str
    store_name: str
    isbn: str
    title: str
    author: str
    price: Decimal
    stock: str = Field(..., description="in_stock, few_left or to_order")


class StoreOrderCreateIn(Schema):
    listing_id: int = Field(..., ge=1)


class StoreOrderOut(Schema):
    id: int
    store: str
    title: str
    price: Decimal
    status: str = Field(..., description="placed, ready (at the store), collected or cancelled")
    created_at: dt.datetime
    ready_at: dt.datetime | None
    closed_at: dt.datetime | None
