"""Staff sending one reading list to one segment at once, on PostgreSQL with real
threads: the list's row lock lets one send through; each member gets one message."""

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.booklists.models import BookListAnnouncement
from wenlan.booklists.services.announcements import booklist_segment_send
from wenlan.booklists.tests.factories import published_list
from wenlan.core import clock
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.notices.models import Notice
from wenlan.recommendations.models import Segment
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_one_list_sent_to_one_segment_four_times_at_once_is_sent_once():
    world = borrowing_world(opted_in=False)
    export_now()
    with clock.freeze(NOW):
        recs_train(actor=SYSTEM)
    admin = staff_with_role(Role.NETWORK_ADMIN)
    book_list = published_list(library=world.libraries[0])
    segment = Segment.objects.get(code="history")
    wins, losses = race(
        4,
        lambda n: booklist_segment_send(actor=admin, list_id=book_list.pk, segment_id=segment.pk),
    )
    assert len(wins) == 1 and len(losses) == 3
    assert {e.code for e in losses} == {"booklist_already_sent"}
    assert BookListAnnouncement.objects.get().recipients == 12
    assert Notice.objects.count() == 12
    history_readers = {r.pk for r, kind in world.readers if kind == "history"}
    assert set(Notice.objects.values_list("reader_id", flat=True)) == history_readers
