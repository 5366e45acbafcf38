"""悦读 at a partner bookstore's till: a reader borrows a new book the library pays
for, and brings it back at the store.

A till step locks the reader's row, then the store's (its budget), then the ISBN's
(two tills lending one new title make one brief record), then reads what the rules
count (the reader's 悦读 loans this month, the copies the network holds,
the store's spending this month), asks the rules, and writes: a brief record when
the catalog lacks the ISBN, the copy (owned by the paying library) and its loan
through circulation, and the settlement line. "One line per reader, ISBN and day"
is a unique constraint, so a double scan that got past the reader's lock still
makes one loan, and is answered with it."""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.catalog.selectors.brief import record_by_isbn, record_copy_count
from wenlan.catalog.services.brief import record_create_brief
from wenlan.circulation import locks as circulation_locks
from wenlan.circulation.enums import LoanChannel
from wenlan.circulation.models import Loan
from wenlan.circulation.services.loans import (
    CheckinResult,
    loan_checkin_authorised,
    loan_checkout_new_copy,
)
from wenlan.core import clock
from wenlan.core.errors import ConflictError, ValidationError
from wenlan.core.text import isbn_normalise
from wenlan.o2o import locks
from wenlan.o2o.errors import (
    REFUSAL_ERRORS,
    CardNotFoundError,
    NotABookstoreError,
    NotAYueduCopyError,
    TitleRequiredError,
)
from wenlan.o2o.models import BookstoreLoan
from wenlan.o2o.permissions import ensure_till
from wenlan.o2o.policies import YueduAsk, period_start, price_valid, yuedu_refusal
from wenlan.o2o.selectors.bookstore import (
    bookstore_loan_for_copy,
    bookstore_loan_line,
    bookstore_loan_same_day,
    reader_for_scan,
    till_counts,
    yuedu_rule_for,
)


@dataclass(frozen=True)
class TillSale:
    """What the clerk entered: the card scanned, the ISBN, the price and, for a book
    the catalog lacks, what the brief record is made from."""

    card: str
    isbn: str
    price: Decimal
    title: str = ""
    author: str = ""
    publisher: str = ""
    year: int | None = None
    clc: str = ""
    barcode: str = ""


@dataclass
class TillResult:
    line: BookstoreLoan
    loan: Loan
    created: bool  # False: a double scan, answered with the loan made before


def _sale_checked(sale: TillSale) -> tuple[str, Decimal]:
    isbn13 = isbn_normalise(sale.isbn.strip())
    if isbn13 is None:
        raise ValidationError(_("ISBN 无效，请重新扫描图书背面的条码。"), field="isbn")
    if not price_valid(sale.price):
        raise ValidationError(_("请输入有效的定价（元，最多两位小数）。"), field="price")
    return isbn13, sale.price


def bookstore_loan_create(*, actor, store_id: int, sale: TillSale) -> TillResult:
    """The till step. `store_id` is the store's library id; the clerk must work there."""
    ensure_till(actor, store_id=store_id)
    isbn13, price = _sale_checked(sale)
    reader = reader_for_scan(scanned=sale.card.strip())
    if reader is None:
        raise CardNotFoundError()
    try:
        return _bookstore_loan_create(
            actor=actor, store_id=store_id, reader_id=reader.pk, isbn13=isbn13, price=price,
            sale=sale,
        )  # fmt: skip
    except IntegrityError as error:
        # The line's unique constraint: another till's scan of the same book for the
        # same reader committed first. Answer with its loan.
        line = bookstore_loan_same_day(reader_id=reader.pk, isbn13=isbn13, day=clock.today())
        if line is None:
            raise ConflictError() from error
        return TillResult(line=line, loan=line.loan, created=False)


@transaction.atomic(durable=True)
def _bookstore_loan_create(
    *, actor, store_id: int, reader_id: int, isbn13: str, price: Decimal, sale: TillSale
) -> TillResult:
    today = clock.today()
    period = period_start(today)
    with locks.lock_timeout():
        reader = circulation_locks.reader_lock(reader_id=reader_id)
        bookstore = locks.bookstore_lock(library_id=store_id)
        locks.till_isbn_lock(isbn13=isbn13)
    if reader is None:
        raise CardNotFoundError()
    if bookstore is None or not bookstore.is_active:
        raise NotABookstoreError()
    counts = till_counts(
        reader_id=reader.pk, bookstore_id=bookstore.pk, isbn13=isbn13, day=today, period=period
    )
    if counts.same_day_line_id is not None:
        repeated = bookstore_loan_line(line_id=counts.same_day_line_id)
        return TillResult(line=repeated, loan=repeated.loan, created=False)
    record = record_by_isbn(isbn13=isbn13)
    if record is None and not (sale.title.strip() and sale.author.strip()):
        raise TitleRequiredError(field="title" if not sale.title.strip() else "author")
    rule = yuedu_rule_for(bookstore_id=bookstore.pk)
    ask = YueduAsk(
        price=price,
        title=record.title if record else sale.title.strip(),
        year=record.year if record and record.year else sale.year,
        clc=record.clc if record and record.clc else sale.clc.strip(),
        this_year=today.year,
        reader_loans_this_month=counts.reader_loans_this_month,
        network_copies=record_copy_count(record_id=record.pk) if record else 0,
        store_spent_this_month=counts.store_spent_this_month,
    )
    refusal = yuedu_refusal(rule, ask)
    if refusal is not None:
        error = REFUSAL_ERRORS[refusal.rule]
        raise error(error.default_message % refusal.params)
    brief = record is None
    if brief:
        record = record_create_brief(
            isbn=isbn13, title=sale.title, author=sale.author, publisher=sale.publisher,
            year=sale.year, clc=sale.clc, price=price,
        )  # fmt: skip
    loan = loan_checkout_new_copy(
        reader=reader,
        record_id=record.pk,
        owner_library_id=bookstore.owner_library_id,
        library_id=store_id,
        barcode=sale.barcode.strip() or _new_barcode(today),
        price=price,
        channel=LoanChannel.YUEDU,
    )
    line = BookstoreLoan.objects.create(
        bookstore=bookstore,
        reader=reader,
        loan=loan,
        item=loan.item,
        record=record,
        isbn=isbn13,
        title=record.title,
        price=price,
        brief_record=brief,
        clerk=acting_user(actor),
        day=today,
        period=period,
        created_at=clock.now(),
    )
    return TillResult(line=line, loan=loan, created=True)


def _new_barcode(today: dt.date) -> str:
    """A copy's barcode when the store has no pre-printed library labels: YD, the
    date and 8 random hex digits; the receipt shows it and processing labels it."""
    return f"YD{today:%y%m%d}{uuid.uuid4().hex[:8].upper()}"


def bookstore_loan_return(*, actor, store_id: int, barcode: str) -> CheckinResult:
    """A reader brings a 悦读 copy back to a partner bookstore: the loan ends there
    and the copy travels to its library for processing (circulation's routing)."""
    ensure_till(actor, store_id=store_id)
    if bookstore_loan_for_copy(barcode=barcode) is None:
        raise NotAYueduCopyError()
    return loan_checkin_authorised(library_id=store_id, barcode=barcode, channel=LoanChannel.YUEDU)
