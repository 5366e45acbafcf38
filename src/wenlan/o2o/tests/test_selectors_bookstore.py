import datetime as dt
from decimal import Decimal

from wenlan.o2o.selectors.bookstore import (
    TillCounts,
    bookstore_loan_same_day,
    reader_loans_in_period,
    store_spent_in_period,
    till_counts,
)
from wenlan.o2o.tests.factories import BookstoreLoanFactory

NOVEMBER, DAY = dt.date(2026, 11, 1), dt.date(2026, 11, 25)


def test_till_counts_read_what_the_orm_forms_read(yuedu, django_assert_num_queries):
    reader = yuedu.reader
    lines = [
        BookstoreLoanFactory(bookstore=yuedu.store, reader=reader, isbn="9787544291170",
                             price=Decimal("45.50"), day=DAY, period=NOVEMBER),
        BookstoreLoanFactory(bookstore=yuedu.other_store, reader=reader, day=DAY,
                             period=NOVEMBER),
        BookstoreLoanFactory(bookstore=yuedu.store, price=Decimal("10.00"), day=DAY,
                             period=NOVEMBER),
        BookstoreLoanFactory(bookstore=yuedu.store, reader=reader, day=dt.date(2026, 10, 3),
                             period=dt.date(2026, 10, 1)),
    ]  # fmt: skip
    with django_assert_num_queries(1):
        counts = till_counts(
            reader_id=reader.pk, bookstore_id=yuedu.store.pk, isbn13="9787544291170",
            day=DAY, period=NOVEMBER,
        )  # fmt: skip
    assert (counts.reader_loans_this_month, counts.store_spent_this_month) == (
        2, Decimal("55.50"),
    )  # fmt: skip
    assert counts.same_day_line_id == lines[0].pk
    assert counts.reader_loans_this_month == reader_loans_in_period(
        reader_id=reader.pk, period=NOVEMBER
    )
    assert counts.store_spent_this_month == store_spent_in_period(
        bookstore_id=yuedu.store.pk, period=NOVEMBER
    )
    assert bookstore_loan_same_day(reader_id=reader.pk, isbn13="9787544291170", day=DAY).pk == (
        lines[0].pk
    )
    empty = till_counts(
        reader_id=reader.pk, bookstore_id=yuedu.other_store.pk, isbn13="9787530216781",
        day=DAY, period=dt.date(2026, 12, 1),
    )  # fmt: skip
    assert empty == TillCounts(0, Decimal("0.00"), None)
