import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.circulation.tests.conftest import NOW
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory


@pytest.fixture
def frozen(settings, tmp_path, monkeypatch):
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0
    # The handlers run inline on the event loop's thread here, to share the test's
    # database transaction; the real server runs them in a thread pool.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with clock.freeze(NOW):
        yield


@pytest.fixture
def hz(db):
    return LibraryFactory(code="HZ", name_zh="杭州图书馆")


@pytest.fixture
def kiosk(hz):
    return staff_with_role(Role.BRANCH_LIBRARIAN, library=hz, username="kiosk-hz")
