import pytest

from wenlan.analytics.services import analytics_export
from wenlan.analytics.tests.factories import NOW, generated_holds_transits, generated_log
from wenlan.core import clock
from wenlan.core.cache import process_cache_clear


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The root conftest gives each test its own analytics store; the dashboards keep
    # rows per export id in the process, which must not outlive a test.
    process_cache_clear()
    yield
    process_cache_clear()


@pytest.fixture
def exported(db):
    """Four months of generated circulation (some cells under 10 readers, some
    over), finished holds and transits, exported."""
    log = generated_log(entries=900, readers=40, seed=3)
    generated_holds_transits(log=log, seed=3)
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    return log
