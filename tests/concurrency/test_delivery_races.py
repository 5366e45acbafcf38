"""悦借 on PostgreSQL with real threads: two staff scanning the same copy for two
orders, and a delivery order racing a desk for the last copy on a shelf. Exactly
one wins; the loser is told why, and nothing of it is kept."""

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.models import Item
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.models import Loan
from wenlan.circulation.services.loans import loan_checkout
from wenlan.core.testing import race_all, race_marks, skip_unless_postgres
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.o2o.enums import Destination
from wenlan.o2o.models import DeliveryLine, DeliveryOrder
from wenlan.o2o.services.delivery import OrderAsk, delivery_line_pick, delivery_order_place
from wenlan.o2o.tests.factories import PickupPointFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    skip_unless_postgres()
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


def _world():
    library = LibraryFactory(kind=LibraryKind.CENTRAL)
    point = PickupPointFactory(
        library=LibraryFactory(kind=LibraryKind.PICKUP_POINT, parent=library)
    )
    record = RecordFactory(title="三体")
    staff = [staff_with_role(Role.BRANCH_LIBRARIAN, library=library) for _ in range(2)]
    return library, point, record, staff


def _order(reader, point, item_id):
    return delivery_order_place(
        actor=reader.user,
        ask=OrderAsk(
            item_ids=(item_id,), destination=Destination.PICKUP_POINT, pickup_point_id=point.pk
        ),
    )


def test_two_staff_scanning_the_same_copy_for_two_orders_one_wins():
    library, point, record, staff = _world()
    listed = [ItemFactory(record=record, library=library) for _ in range(2)]
    spare = ItemFactory(record=record, library=library, barcode="SPARE")
    readers = [ReaderFactory(home_library=library) for _ in range(2)]
    parcels = [_order(readers[n], point, listed[n].pk).parcels.get() for n in range(2)]
    # Neither listed copy is where it should be; both find the spare one.
    outcome = race_all(
        [
            lambda n=n: delivery_line_pick(actor=staff[n], parcel_id=parcels[n].pk, barcode="SPARE")
            for n in range(2)
        ]
    )
    assert len(outcome.wins) == 1 and len(outcome.losses) == 1
    assert outcome.losses[0].code == "copy_taken"
    assert str(outcome.losses[0]) == "该单册已为另一订单保留或已借出。"
    picked = DeliveryLine.objects.get(item=spare)
    assert picked.status == "picked"
    assert DeliveryLine.objects.filter(status="ordered").count() == 1
    assert Item.objects.get(pk=spare.pk).status == "ordered"


def test_an_order_and_a_desk_racing_for_the_last_copy_one_wins():
    library, point, record, staff = _world()
    last = ItemFactory(record=record, library=library, barcode="LAST")
    ordering, borrowing = ReaderFactory(home_library=library), ReaderFactory(home_library=library)
    outcome = race_all(
        [
            lambda: _order(ordering, point, last.pk),
            lambda: loan_checkout(
                actor=staff[0],
                library_id=library.pk,
                barcode="LAST",
                card_number=borrowing.card_number,
            ),  # fmt: skip
        ]
    )
    assert len(outcome.wins) == 1 and len(outcome.losses) == 1
    status = Item.objects.get(pk=last.pk).status
    if outcome.refusals[0] is None:  # the order won: the desk is told the copy is kept
        assert str(outcome.losses[0]) == "该单册当前状态为“悦借订单保留”，不能借出。"
        assert (status, Loan.objects.count()) == ("ordered", 0)
    else:  # the desk won: the order is told the copy is out
        assert outcome.losses[0].code == "copy_not_on_shelf"
        assert str(outcome.losses[0]) == "《三体》（LAST）当前状态为“借出”，不能配送。"
        assert (status, DeliveryOrder.objects.count()) == ("on_loan", 0)
