import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wenlan.core import clock

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
