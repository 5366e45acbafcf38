"""Partner bookstores' tills racing each other on PostgreSQL with real threads (悦读):
a double scan at two tills makes one loan, the last of a store's monthly budget
is spent once, and a reader's monthly limit holds across stores."""

from decimal import Decimal

import pytest

from wenlan.catalog.models import Item, Record
from wenlan.circulation.models import Loan
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.o2o.models import BookstoreLoan
from wenlan.o2o.services.bookstore import TillSale, bookstore_loan_create
from wenlan.o2o.tests.factories import BookstoreFactory, BookstoreRuleFactory, clerk_of
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = race_marks

ISBNS = ["9787544291170", "9787530216781", "9787208061644", "9787532776771"]


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    skip_unless_postgres()
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


def _stores(count: int):
    central = LibraryFactory(kind=LibraryKind.CENTRAL)
    stores = [
        BookstoreFactory(
            library=LibraryFactory(kind=LibraryKind.PARTNER_BOOKSTORE, parent=central),
            owner_library=central,
        )
        for _ in range(count)
    ]
    return central, stores, [clerk_of(store) for store in stores]


def _sell(clerk, store, *, card: str, isbn: str, price: str = "45.00"):
    return bookstore_loan_create(
        actor=clerk,
        store_id=store.library_id,
        sale=TillSale(card=card, isbn=isbn, price=Decimal(price), title="新书", author="作者"),
    )


def test_a_double_scan_at_four_tills_makes_one_loan():
    central, stores, clerks = _stores(2)
    reader = ReaderFactory(home_library=central)
    outcome = race(
        4,
        lambda n: _sell(clerks[n % 2], stores[n % 2], card=reader.card_number, isbn=ISBNS[0]),
    )
    assert outcome.losses == []
    created = [result for result in outcome.wins if result.created]
    assert len(created) == 1
    assert {result.loan.pk for result in outcome.wins} == {created[0].loan.pk}
    assert (Loan.objects.count(), Item.objects.count(), BookstoreLoan.objects.count()) == (1, 1, 1)
    assert Record.objects.filter(is_brief=True).count() == 1


def test_two_tills_against_the_last_of_a_stores_budget_one_wins():
    central, stores, clerks = _stores(1)
    BookstoreRuleFactory(bookstore=stores[0], budget_per_month=Decimal("60.00"))
    readers = [ReaderFactory(home_library=central) for _ in range(2)]
    wins, losses = race(
        2, lambda n: _sell(clerks[0], stores[0], card=readers[n].card_number, isbn=ISBNS[n])
    )
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == "yuedu_budget"
    assert str(losses[0]) == "本店本月悦读额度仅剩 15.00 元，不足以支付 45.00 元。"
    assert BookstoreLoan.objects.get().price == Decimal("45.00")
    assert (Loan.objects.count(), Item.objects.count()) == (1, 1)


def test_a_reader_at_their_monthly_limit_at_four_stores_at_once_borrows_once():
    central, stores, clerks = _stores(4)
    BookstoreRuleFactory(monthly_limit=1)
    reader = ReaderFactory(home_library=central)
    wins, losses = race(
        4, lambda n: _sell(clerks[n], stores[n], card=reader.card_number, isbn=ISBNS[n])
    )
    assert len(wins) == 1 and len(losses) == 3
    assert {error.code for error in losses} == {"yuedu_monthly_limit"}
    assert BookstoreLoan.objects.filter(reader=reader).count() == 1


def test_two_readers_at_two_tills_with_one_new_title_make_one_brief_record():
    central, stores, clerks = _stores(2)
    readers = [ReaderFactory(home_library=central) for _ in range(2)]
    wins, losses = race(
        2, lambda n: _sell(clerks[n], stores[n], card=readers[n].card_number, isbn=ISBNS[0])
    )
    assert losses == [] and len(wins) == 2
    assert Record.objects.filter(is_brief=True).count() == 1
    assert {result.line.record_id for result in wins} == {Record.objects.get().pk}
    assert Loan.objects.count() == 2


def test_two_tills_against_the_networks_last_copy_of_a_title_one_wins():
    central, stores, clerks = _stores(2)
    BookstoreRuleFactory(max_network_copies=1)
    readers = [ReaderFactory(home_library=central) for _ in range(2)]
    wins, losses = race(
        2, lambda n: _sell(clerks[n], stores[n], card=readers[n].card_number, isbn=ISBNS[1])
    )
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == "yuedu_enough_copies"
    assert (Record.objects.count(), Item.objects.count(), Loan.objects.count()) == (1, 1, 1)
