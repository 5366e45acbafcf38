import pytest

from wenlan.core import clock
from wenlan.spaces.tests.factories import NOW


@pytest.fixture(autouse=True)
def _frozen():
    """The spaces' tests run on a Monday morning (factories.NOW)."""
    with clock.freeze(NOW):
        yield
