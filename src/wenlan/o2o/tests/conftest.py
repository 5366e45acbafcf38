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
