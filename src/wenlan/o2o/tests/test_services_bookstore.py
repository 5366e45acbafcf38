import datetime as dt
from decimal import Decimal

import pytest

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item, Record
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.circulation.enums import CheckinOutcome
from wenlan.circulation.errors import ReaderBlockedError
from wenlan.circulation.models import CirculationLogEntry, Loan, Transit
from wenlan.circulation.services.loans import loan_checkin
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.o2o.errors import (
    BudgetError,
    CardNotFoundError,
    EnoughCopiesError,
    MonthlyLimitError,
    NotABookstoreError,
    NotAYueduCopyError,
    PriceCapError,
    TextbookError,
    TitleRequiredError,
    TooOldError,
)
from wenlan.o2o.models import BookstoreLoan
from wenlan.o2o.services.bookstore import TillSale, bookstore_loan_create, bookstore_loan_return
from wenlan.o2o.tests.conftest import KNOWN_ISBN, NEW_ISBN
from wenlan.o2o.tests.factories import BookstoreRuleFactory
from wenlan.patrons.ecard import ecard_issue
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.errors import EcardExpiredError


def _sell(yuedu, *, actor=None, store=None, **sale):
    fields = {
        "card": yuedu.reader.card_number,
        "isbn": NEW_ISBN,
        "price": Decimal("45.00"),
        "title": "三体",
        "author": "刘慈欣",
    }
    fields |= sale
    return bookstore_loan_create(
        actor=actor or yuedu.clerk,
        store_id=(store or yuedu.store).library_id,
        sale=TillSale(**fields),
    )


def _nothing_written():
    return (BookstoreLoan.objects.count(), Loan.objects.count(), Item.objects.count())


def test_a_new_isbn_makes_a_brief_record_a_copy_on_loan_and_a_line(yuedu):
    result = _sell(yuedu, isbn="978-7-5442-9117-0", publisher="重庆出版社", year=2026)
    assert result.created
    line, loan = result.line, result.loan
    record = Record.objects.get(pk=line.record_id)
    assert (record.title, record.first_author, record.isbns, record.is_brief) == (
        "三体", "刘慈欣", [NEW_ISBN], True,
    )  # fmt: skip
    assert (record.publisher, record.year) == ("重庆出版社", 2026)
    item = Item.objects.get(pk=loan.item_id)
    assert (item.library_id, item.location_id, item.status, item.price, item.new_acquisition) == (
        yuedu.central.pk, yuedu.store.library_id, ItemStatus.ON_LOAN, Decimal("45.00"), True,
    )  # fmt: skip
    assert item.barcode.startswith("YD261125")
    assert (loan.reader_id, loan.library_id, loan.channel) == (
        yuedu.reader.pk, yuedu.store.library_id, "yuedu",
    )  # fmt: skip
    assert loan.due_on == dt.date(2026, 12, 25)
    assert (line.price, line.period, line.day, line.brief_record, line.clerk_id) == (
        Decimal("45.00"), dt.date(2026, 11, 1), dt.date(2026, 11, 25), True, yuedu.clerk.pk,
    )  # fmt: skip
    entry = CirculationLogEntry.objects.get()
    assert (entry.kind, entry.channel, entry.library_id, entry.item_id) == (
        "checkout", "yuedu", yuedu.store.library_id, item.pk,
    )  # fmt: skip


def test_a_known_isbn_uses_its_record_and_the_clerks_label(yuedu):
    result = _sell(yuedu, isbn=KNOWN_ISBN, barcode="HZ9000001")
    assert result.line.record_id == yuedu.known_record.pk
    assert result.line.brief_record is False
    assert result.loan.item.barcode == "HZ9000001"
    assert Record.objects.filter(is_brief=True).count() == 0


def test_a_double_scan_answers_with_the_first_loan(yuedu):
    first = _sell(yuedu)
    again = _sell(yuedu, price=Decimal("46.00"))
    assert (again.created, again.loan.pk, again.line.pk) == (False, first.loan.pk, first.line.pk)
    assert (BookstoreLoan.objects.count(), Loan.objects.count(), Item.objects.count()) == (1, 1, 1)


def test_the_e_card_or_card_must_be_known(yuedu):
    before = _nothing_written()
    with pytest.raises(CardNotFoundError):
        _sell(yuedu, card="NOPE0000")
    assert _nothing_written() == before


def test_the_readers_e_card_is_taken_and_an_expired_one_refused(yuedu):
    token = ecard_issue(reader=yuedu.reader).token
    assert _sell(yuedu, card=token).loan.reader_id == yuedu.reader.pk
    before = _nothing_written()
    with clock.freeze(clock.now() + dt.timedelta(seconds=61)), pytest.raises(EcardExpiredError):
        _sell(yuedu, card=token, isbn=KNOWN_ISBN)
    assert _nothing_written() == before


@pytest.mark.parametrize(
    ("sale", "field"),
    [
        ({"isbn": "9787544291171"}, "isbn"),
        ({"price": Decimal("0")}, "price"),
        ({"price": Decimal("12.345")}, "price"),
    ],
)
def test_bad_input_is_refused_naming_the_field(yuedu, sale, field):
    before = _nothing_written()
    with pytest.raises(ValidationError) as refused:
        _sell(yuedu, **sale)
    assert refused.value.field == field
    assert _nothing_written() == before


def test_a_book_the_catalog_lacks_needs_title_and_author(yuedu):
    with pytest.raises(TitleRequiredError) as refused:
        _sell(yuedu, title="三体", author="")
    assert refused.value.field == "author"
    assert not Record.objects.filter(is_brief=True).exists()


def test_a_clerk_works_only_at_their_store(yuedu):
    with pytest.raises(PermissionDeniedError):
        _sell(yuedu, actor=yuedu.other_clerk)
    with pytest.raises(PermissionDeniedError):
        _sell(yuedu, actor=yuedu.reader.user)
    assert not BookstoreLoan.objects.exists()


def test_a_store_that_left_yuedu_refuses(yuedu):
    yuedu.store.is_active = False
    yuedu.store.save()
    with pytest.raises(NotABookstoreError):
        _sell(yuedu)


def test_monthly_limit_counts_every_store(yuedu):
    BookstoreRuleFactory(monthly_limit=2)
    _sell(yuedu)
    _sell(yuedu, store=yuedu.other_store, actor=yuedu.other_clerk, isbn=KNOWN_ISBN)
    before = _nothing_written()
    with pytest.raises(MonthlyLimitError) as refused:
        _sell(yuedu, isbn="9787530216781", title="平凡的世界", author="路遥")
    assert refused.value.code == "yuedu_monthly_limit"
    assert str(refused.value) == "该读者本月悦读已借 2 册，达到每月 2 册的上限。"
    assert _nothing_written() == before
    with clock.freeze(dt.datetime(2026, 12, 1, 9, 0, tzinfo=clock.now().tzinfo)):
        assert _sell(yuedu, isbn="9787530216781", title="平凡的世界", author="路遥").created


def test_a_store_rule_overrides_the_networks(yuedu):
    BookstoreRuleFactory(price_cap=Decimal("100.00"))
    BookstoreRuleFactory(bookstore=yuedu.store, price_cap=Decimal("40.00"))
    with pytest.raises(PriceCapError) as refused:
        _sell(yuedu)
    assert str(refused.value) == "定价 45.00 元，超过单册上限 40.00 元。"
    assert _sell(yuedu, store=yuedu.other_store, actor=yuedu.other_clerk).created


def test_an_old_book_is_refused(yuedu):
    BookstoreRuleFactory(max_age_years=2)
    old = record_create(title="围城", author="钱锺书", isbn="9787020024759", year=1991)
    with pytest.raises(TooOldError):
        _sell(yuedu, isbn=old.isbns[0])
    with pytest.raises(TooOldError):
        _sell(yuedu, year=2020)


@pytest.mark.parametrize(
    "sale",
    [{"title": "高考数学真题精讲"}, {"clc": "G634.603"}],
)
def test_textbooks_and_exam_guides_are_refused(yuedu, sale):
    with pytest.raises(TextbookError):
        _sell(yuedu, **sale)
    assert not Record.objects.filter(is_brief=True).exists()


def test_a_title_the_network_holds_enough_copies_of_is_refused(yuedu):
    BookstoreRuleFactory(max_network_copies=2)
    ItemFactory(record=yuedu.known_record, library=yuedu.central)
    assert _sell(yuedu, isbn=KNOWN_ISBN).created  # the second copy
    with pytest.raises(EnoughCopiesError):
        _sell(yuedu, isbn=KNOWN_ISBN, card=_another_reader(yuedu).card_number)


def test_the_store_budget_for_the_month(yuedu):
    BookstoreRuleFactory(bookstore=yuedu.store, budget_per_month=Decimal("60.00"))
    _sell(yuedu)
    with pytest.raises(BudgetError) as refused:
        _sell(yuedu, isbn=KNOWN_ISBN, card=_another_reader(yuedu).card_number)
    assert str(refused.value) == "本店本月悦读额度仅剩 15.00 元，不足以支付 45.00 元。"
    assert _sell(
        yuedu, isbn=KNOWN_ISBN, card=_another_reader(yuedu).card_number, price=Decimal("15.00")
    ).created


def test_a_blocked_reader_is_refused_with_circulations_reason(yuedu):
    yuedu.reader.status = ReaderStatus.SUSPENDED
    yuedu.reader.save()
    before = _nothing_written()
    with pytest.raises(ReaderBlockedError):
        _sell(yuedu)
    assert _nothing_written() == before
    assert not Record.objects.filter(is_brief=True).exists()


def _another_reader(yuedu):
    from wenlan.patrons.tests.factories import ReaderFactory

    return ReaderFactory(home_library=yuedu.central)


def test_returned_at_the_store_the_copy_travels_home_to_processing(yuedu):
    loan = _sell(yuedu).loan
    result = bookstore_loan_return(
        actor=yuedu.clerk, store_id=yuedu.store.library_id, barcode=loan.item.barcode
    )
    assert result.outcome == CheckinOutcome.TRANSIT
    transit = Transit.objects.get()
    assert (transit.from_library_id, transit.to_library_id) == (
        yuedu.store.library_id, yuedu.central.pk,
    )  # fmt: skip
    received = loan_checkin(
        actor=yuedu.librarian, library_id=yuedu.central.pk, barcode=loan.item.barcode
    )
    assert received.outcome == CheckinOutcome.PROCESSING
    item = Item.objects.get(pk=loan.item_id)
    assert (item.status, item.location_id, item.new_acquisition) == (
        ItemStatus.IN_PROCESSING, yuedu.central.pk, True,
    )  # fmt: skip


def test_returned_at_the_owning_library_it_goes_to_processing(yuedu):
    loan = _sell(yuedu).loan
    result = loan_checkin(
        actor=yuedu.librarian, library_id=yuedu.central.pk, barcode=loan.item.barcode
    )
    assert result.outcome == CheckinOutcome.PROCESSING
    assert result.message == "新书：送编目加工，暂不上架。"
    loan.refresh_from_db()
    assert loan.returned_at is not None


def test_a_store_takes_back_only_yuedu_copies(yuedu):
    other = ItemFactory(
        library=yuedu.central, status=ItemStatus.ON_LOAN, due_on=dt.date(2026, 12, 1)
    )
    with pytest.raises(NotAYueduCopyError):
        bookstore_loan_return(
            actor=yuedu.clerk, store_id=yuedu.store.library_id, barcode=other.barcode
        )
    loan = _sell(yuedu).loan
    with pytest.raises(PermissionDeniedError):
        bookstore_loan_return(
            actor=yuedu.other_clerk, store_id=yuedu.store.library_id, barcode=loan.item.barcode
        )
