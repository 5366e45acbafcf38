"""悦购 races on PostgreSQL with real threads: two members of staff receiving the
same ordered book make one copy and one hold; an accept racing a decline ends one way."""

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.models import Item
from wenlan.circulation.models import Hold
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.network.tests.factories import LibraryFactory
from wenlan.notices.models import Notice
from wenlan.o2o.models import PurchaseSuggestion
from wenlan.o2o.services.suggestions import (
    SuggestionIn,
    suggestion_accept,
    suggestion_create,
    suggestion_decline,
    suggestion_receive,
)
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    skip_unless_postgres()
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    settings.WENLAN_CIRC_CACHE_SECONDS = 0


def _world():
    hz = LibraryFactory(code="HZ")
    reader = ReaderFactory(home_library=hz)
    staff = [
        staff_with_role(Role.ACQUISITIONS_LIBRARIAN, library=hz, username=f"buyer{n}")
        for n in range(2)
    ]
    suggestion = suggestion_create(
        actor=reader.user, suggestion=SuggestionIn(isbn="9787544291170", title="三体")
    )
    return reader, staff, suggestion


def test_two_staff_receiving_one_order_make_one_copy_and_one_hold():
    reader, staff, suggestion = _world()
    suggestion_accept(actor=staff[0], suggestion_id=suggestion.pk)
    wins, losses = race(
        2,
        lambda n: suggestion_receive(
            actor=staff[n], suggestion_id=suggestion.pk, barcode=f"HZ900000{n}"
        ),
    )
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == "suggestion_state"
    assert (Item.objects.count(), Hold.objects.filter(reader=reader).count()) == (1, 1)
    suggestion.refresh_from_db()
    assert suggestion.status == "received"


def test_an_accept_racing_a_decline_ends_one_way_and_tells_the_reader_once():
    reader, staff, suggestion = _world()
    steps = [
        lambda: suggestion_accept(actor=staff[0], suggestion_id=suggestion.pk),
        lambda: suggestion_decline(actor=staff[1], suggestion_id=suggestion.pk, reason="已绝版"),
    ]
    wins, losses = race(2, lambda n: steps[n]())
    # A decline after the accept is allowed (an order the bookseller cannot supply).
    suggestion.refresh_from_db()
    notices = list(Notice.objects.filter(reader=reader).values_list("kind", flat=True))
    if losses:
        assert losses[0].code == "suggestion_state" and len(notices) == 1
    else:
        assert suggestion.status == "declined"
    assert PurchaseSuggestion.objects.count() == 1
