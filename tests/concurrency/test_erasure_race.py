"""An erasure racing a loan on PostgreSQL with real threads: both lock the
reader's row, so either the loan is made and the erasure refused (a copy is out),
or the reader is erased and the desk refuses the loan. Never an erased reader
with a copy out."""

import time

import pytest

from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.models import Loan
from wenlan.circulation.services import loans
from wenlan.circulation.tests.factories import network_admin
from wenlan.core.errors import WenlanError
from wenlan.core.testing import race_all, race_marks, skip_unless_postgres
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons import services
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    skip_unless_postgres()
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


def _erase_after(seconds: float, *, user, reader_id: int):
    time.sleep(seconds)
    return services.reader_erase(actor=user, reader_id=reader_id)


@pytest.mark.parametrize("head_start_ms", [0, 5, 10, 15, 20, 40, 80])
def test_an_erasure_and_a_loan_at_once_never_leave_an_erased_reader_with_a_copy(head_start_ms):
    """The loan gets a head start of 0 to 80 ms, so that both orders happen."""
    library = LibraryFactory()
    admin = network_admin()
    item = ItemFactory(library=library)
    reader = ReaderFactory(home_library=library)
    user = reader.user

    lent, erased = race_all(
        [
            lambda: loans.loan_checkout(
                actor=admin,
                library_id=library.pk,
                barcode=item.barcode,
                card_number=reader.card_number,
            ),
            lambda: _erase_after(head_start_ms / 1000, user=user, reader_id=reader.pk),
        ]
    ).each

    reader = Reader.objects.get(pk=reader.pk)
    open_loans = Loan.objects.filter(reader=reader, returned_at__isnull=True).count()
    if isinstance(erased, WenlanError):
        assert erased.code == "erasure_refused"
        assert not isinstance(lent, WenlanError)
        assert (reader.status, open_loans) == (ReaderStatus.ACTIVE, 1)
    else:
        assert isinstance(lent, WenlanError), "a loan was made to a reader being erased"
        assert (reader.status, open_loans) == (ReaderStatus.ERASED, 0)
