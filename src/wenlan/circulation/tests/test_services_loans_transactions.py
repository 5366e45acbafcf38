"""A lend and a return commit when they return (durable transactions): a caller's
transaction cannot hold their row locks longer or undo them after the kiosk has
said "done"."""

import pytest
from django.db import transaction

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.models import Loan
from wenlan.circulation.services import loans
from wenlan.circulation.tests.factories import LoanFactory, network_admin
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lend_inside_another_transaction_is_refused_and_writes_nothing(frozen):
    library = LibraryFactory()
    item = ItemFactory(library=library)
    reader = ReaderFactory(home_library=library)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        loans.loan_checkout(
            actor=network_admin(),
            library_id=library.pk,
            barcode=item.barcode,
            card_number=reader.card_number,
        )
    assert Loan.objects.count() == 0
    assert Item.objects.get(pk=item.pk).status == ItemStatus.AVAILABLE


def test_a_return_inside_another_transaction_is_refused_and_writes_nothing(frozen):
    loan = LoanFactory()
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        loans.loan_checkin(
            actor=network_admin(), library_id=loan.library_id, barcode=loan.item.barcode
        )
    loan.refresh_from_db()
    assert loan.returned_at is None


def test_a_lend_on_its_own_commits(frozen):
    library = LibraryFactory()
    item = ItemFactory(library=library)
    reader = ReaderFactory(home_library=library)
    result = loans.loan_checkout(
        actor=network_admin(),
        library_id=library.pk,
        barcode=item.barcode,
        card_number=reader.card_number,
    )
    assert Loan.objects.get().pk == result.loan.pk
    assert Item.objects.get(pk=item.pk).status == ItemStatus.ON_LOAN
