"""Staff announcing one event to one segment at once, on PostgreSQL with real
threads: the segment's row lock lets one announcement through; each member gets
one message."""

import datetime as dt

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, VenueFactory
from wenlan.notices.models import Notice
from wenlan.recommendations.models import Segment, SegmentAnnouncement
from wenlan.recommendations.services.segments import segment_event_announce
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_one_event_announced_to_one_segment_four_times_at_once_is_sent_once():
    world = borrowing_world(opted_in=False)
    export_now()
    with clock.freeze(NOW):
        recs_train(actor=SYSTEM)
    admin = staff_with_role(Role.NETWORK_ADMIN)
    event = EventFactory(venue=VenueFactory(library=world.libraries[0]))
    OccurrenceFactory(
        event=event, starts_at=clock.now() + dt.timedelta(days=3),
        ends_at=clock.now() + dt.timedelta(days=3, hours=2),
    )  # fmt: skip
    segment = Segment.objects.get(code="history")
    wins, losses = race(
        4,
        lambda n: segment_event_announce(actor=admin, segment_id=segment.pk, event_id=event.pk),
    )
    assert len(wins) == 1 and len(losses) == 3
    assert {e.code for e in losses} == {"recs_already_announced"}
    assert SegmentAnnouncement.objects.count() == 1
    assert Notice.objects.count() == 12
