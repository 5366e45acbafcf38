import pytest

from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.selectors.desk import item_circulation
from wenlan.circulation.tests.factories import HoldFactory
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_item_circulation_tells_the_queue_and_the_transit(frozen):
    from wenlan.catalog.enums import ItemStatus
    from wenlan.circulation.models import Transit

    east, west = LibraryFactory(code="EAST"), LibraryFactory(code="WEST")
    item = ItemFactory(library=west, status=ItemStatus.IN_TRANSIT)
    HoldFactory(record=item.record, pickup_library=west)
    Transit.objects.create(
        item=item, from_library=east, to_library=west, reason="home", sent_at=frozen
    )
    found = item_circulation(barcode=item.barcode)
    assert (found.hold_queue_length, found.transit.to_library.code, found.loan) == (
        1,
        "WEST",
        None,
    )
    assert item_circulation(barcode="NOPE") is None
