import datetime as dt

import pytest

from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.enums import RenewalBase
from wenlan.circulation.errors import RenewalRefusedError
from wenlan.circulation.models import Loan
from wenlan.circulation.services import loans, renewals
from wenlan.circulation.tests.conftest import NOW
from wenlan.circulation.tests.factories import HoldFactory, PolicyFactory
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def checkout(admin, library, item, reader):
    return loans.loan_checkout(
        actor=admin, library_id=library.pk, barcode=item.barcode, card_number=reader.card_number
    )


def test_renewal_counts_from_the_old_due_date_by_default(frozen, admin, west):
    PolicyFactory(renewals=1)
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=25)):
        loan = checkout(admin, west, item, reader).loan
    assert loan.due_on == dt.date(2026, 11, 30)
    renewed = renewals.loan_renew(actor=reader.user, loan_id=loan.pk)
    assert (renewed.due_on, renewed.renewals) == (dt.date(2026, 12, 30), 1)
    item.refresh_from_db()
    assert item.due_on == dt.date(2026, 12, 30)
    with pytest.raises(RenewalRefusedError, match="已续借 1 次"):
        renewals.loan_renew(actor=reader.user, loan_id=loan.pk)


def test_renewal_counts_from_today_when_the_rule_says(frozen, admin, west):
    PolicyFactory(renewals=1, renewal_base=RenewalBase.TODAY)
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=25)):
        loan = checkout(admin, west, item, reader).loan
    renewed = renewals.loan_renew(actor=reader.user, loan_id=loan.pk)
    assert (renewed.due_on, renewed.renewals) == (dt.date(2026, 12, 25), 1)


def test_renewal_before_the_window_is_refused_with_its_first_day(frozen, admin, west):
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=20)):
        loan = checkout(admin, west, item, reader).loan
    with pytest.raises(RenewalRefusedError, match="2026-11-28 起才能续借"):
        renewals.loan_renew(actor=reader.user, loan_id=loan.pk)
    loan.refresh_from_db()
    assert (loan.renewals, loan.due_on) == (0, dt.date(2026, 12, 5))


def test_renew_all_renews_what_it_may_and_says_why_not_for_the_rest(frozen, admin, west):
    reader = ReaderFactory(home_library=west)
    early, due = ItemFactory(library=west), ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=20)):
        checkout(admin, west, early, reader)
    with clock.freeze(NOW - dt.timedelta(days=26)):
        checkout(admin, west, due, reader)
    result = renewals.loans_renew_all(actor=reader.user, reader_id=reader.pk, channel="web")
    assert [(loan.item_id, loan.due_on) for loan in result.renewed] == [
        (due.pk, dt.date(2026, 12, 29))
    ]
    assert [(loan.item_id, reason) for loan, reason in result.refused] == [
        (early.pk, "2026-11-28 起才能续借。")
    ]
    assert Loan.objects.get(item=early).due_on == dt.date(2026, 12, 5)


def test_no_renewal_while_another_reader_waits(frozen, admin, west):
    reader = ReaderFactory(home_library=west)
    item = ItemFactory(library=west)
    with clock.freeze(NOW - dt.timedelta(days=25)):
        loan = checkout(admin, west, item, reader).loan
    HoldFactory(record=item.record, pickup_library=west)
    with pytest.raises(RenewalRefusedError, match="有其他读者在预约此书"):
        renewals.loan_renew(actor=reader.user, loan_id=loan.pk)
    loan.refresh_from_db()
    assert (loan.renewals, loan.due_on) == (0, dt.date(2026, 11, 30))


def test_another_reader_cannot_renew_my_loan(frozen, admin, west):
    item = ItemFactory(library=west)
    loan = checkout(admin, west, item, ReaderFactory(home_library=west)).loan
    with pytest.raises(PermissionDeniedError):
        renewals.loan_renew(actor=ReaderFactory().user, loan_id=loan.pk)
