import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import record_create
from wenlan.core import clock
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.o2o.models import Bookstore
from wenlan.o2o.tests.factories import BookstoreFactory, clerk_of
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory

# A Wednesday, 10:00 in Hangzhou.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
KNOWN_ISBN = "9787020002207"  # in the catalog: 红楼梦
NEW_ISBN = "9787544291170"  # not in the catalog


@pytest.fixture(autouse=True)
def _index_in_tmp(settings, tmp_path):
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


@pytest.fixture
def frozen():
    with clock.freeze(NOW):
        yield NOW


@dataclass
class Yuedu:
    central: object
    store: Bookstore
    other_store: Bookstore
    clerk: object
    other_clerk: object
    librarian: object
    reader: Reader
    known_record: object


@pytest.fixture
def yuedu(db, frozen) -> Yuedu:
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆")
    store = BookstoreFactory(
        library=LibraryFactory(
            code="BS1", kind=LibraryKind.PARTNER_BOOKSTORE, parent=central, name_zh="晓风书屋"
        ),
        owner_library=central,
    )
    other = BookstoreFactory(
        library=LibraryFactory(
            code="BS2", kind=LibraryKind.PARTNER_BOOKSTORE, parent=central, name_zh="纯真年代"
        ),
        owner_library=central,
    )
    record = record_create(title="红楼梦", author="曹雪芹", isbn=KNOWN_ISBN, year=2025)
    return Yuedu(
        central=central,
        store=store,
        other_store=other,
        clerk=clerk_of(store, username="clerk1"),
        other_clerk=clerk_of(other, username="clerk2"),
        librarian=staff_with_role(Role.BRANCH_LIBRARIAN, library=central),
        reader=ReaderFactory(home_library=central, card_number="R00000001"),
        known_record=record,
    )


@dataclass
class Yuejie:
    central: object
    branch: object
    locker: object  # PickupPoint with compartments
    counter: object  # PickupPoint, staffed
    zone: object
    reader: Reader
    librarian: object  # delivery desk at the central library (and its pickup points)
    branch_librarian: object
    records: list
    items: list  # two copies of records[0] at the central library, one at the branch; ...


@pytest.fixture
def yuejie(db, frozen) -> Yuejie:
    from wenlan.catalog.tests.factories import ItemFactory
    from wenlan.o2o.tests.factories import DeliveryZoneFactory, PickupPointFactory

    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆")
    branch = LibraryFactory(code="SC", kind=LibraryKind.DISTRICT, name_zh="上城区图书馆")
    locker = PickupPointFactory(
        library=LibraryFactory(
            code="PP1", kind=LibraryKind.PICKUP_POINT, parent=central, name_zh="武林门取书柜"
        ),
        compartments=4,
    )
    counter = PickupPointFactory(
        library=LibraryFactory(
            code="PP2", kind=LibraryKind.PICKUP_POINT, parent=central, name_zh="社区取书点"
        )
    )
    records = [
        record_create(title="红楼梦", author="曹雪芹"),
        record_create(title="三体", author="刘慈欣"),
        record_create(title="活着", author="余华"),
    ]
    items = [
        ItemFactory(record=records[0], library=central, barcode="HZ0001"),
        ItemFactory(record=records[0], library=central, barcode="HZ0002"),
        ItemFactory(record=records[0], library=branch, barcode="SC0001"),
        ItemFactory(record=records[1], library=central, barcode="HZ0003"),
        ItemFactory(record=records[2], library=branch, barcode="SC0002"),
    ]
    return Yuejie(
        central=central,
        branch=branch,
        locker=locker,
        counter=counter,
        zone=DeliveryZoneFactory(name_zh="上城区", fee="5.00", free_from_books=3),
        reader=ReaderFactory(home_library=central, card_number="R00000001"),
        librarian=staff_with_role(Role.BRANCH_LIBRARIAN, library=central, username="hzdesk"),
        branch_librarian=staff_with_role(Role.BRANCH_LIBRARIAN, library=branch, username="scdesk"),
        records=records,
        items=items,
    )
