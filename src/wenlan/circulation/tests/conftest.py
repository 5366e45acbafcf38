import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.circulation.tests.factories import network_admin
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory

# A Wednesday, 10:00 in Hangzhou.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen():
    with clock.freeze(NOW):
        yield NOW


@pytest.fixture(autouse=True)
def _index_in_tmp(settings, tmp_path):
    # Item status changes queue a search-index sync; keep its files out of var/.
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    # Each test makes its own rules and calendars: no per-process cache.
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


@pytest.fixture
def west(db):
    return LibraryFactory(code="WEST", name_zh="西湖馆")


@pytest.fixture
def admin(db):
    return network_admin()


@pytest.fixture
def librarian(west):
    return staff_with_role(Role.BRANCH_LIBRARIAN, library=west)
