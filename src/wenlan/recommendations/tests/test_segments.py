"""Announcing an event to a segment: its members get a library message, staff get a
count; once per segment and event; small segments and other libraries refused."""

import datetime as dt

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, VenueFactory
from wenlan.notices.enums import NoticeKind
from wenlan.notices.models import Notice
from wenlan.recommendations.errors import (
    AlreadyAnnouncedError,
    EventNotOpenError,
    SegmentTooSmallError,
)
from wenlan.recommendations.models import Segment, SegmentAnnouncement
from wenlan.recommendations.policies import ReadingProfile, segment_of
from wenlan.recommendations.services.segments import segment_event_announce
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = borrowing_world(opted_in=False)
    export_now()
    with clock.freeze(NOW):
        recs_train(actor=SYSTEM)
    return world


def _event(library):
    event = EventFactory(venue=VenueFactory(library=library))
    OccurrenceFactory(
        event=event,
        starts_at=NOW + dt.timedelta(days=3),
        ends_at=NOW + dt.timedelta(days=3, hours=2),
    )
    return event


def test_members_get_a_message_and_staff_a_count(world):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    segment = Segment.objects.get(code="literature")
    event = _event(world.libraries[0])
    with clock.freeze(NOW):
        announcement = segment_event_announce(actor=admin, segment_id=segment.pk, event_id=event.pk)
    assert announcement.recipients == 12
    literature_readers = {r.pk for r, kind in world.readers if kind == "literature"}
    notices = Notice.objects.filter(kind=NoticeKind.LIBRARY_MESSAGE)
    assert set(notices.values_list("reader_id", flat=True)) == literature_readers
    with clock.freeze(NOW), pytest.raises(AlreadyAnnouncedError):
        segment_event_announce(actor=admin, segment_id=segment.pk, event_id=event.pk)
    assert notices.count() == 12


def test_a_branch_librarian_reaches_only_their_libraries_readers(world):
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=world.libraries[0])
    segment = Segment.objects.get(code="literature")
    # Six of the twelve borrow mostly at the other library: too few to message.
    with clock.freeze(NOW), pytest.raises(SegmentTooSmallError):
        segment_event_announce(
            actor=librarian, segment_id=segment.pk, event_id=_event(world.libraries[0]).pk
        )
    with clock.freeze(NOW), pytest.raises(PermissionDeniedError):
        segment_event_announce(
            actor=librarian, segment_id=segment.pk, event_id=_event(world.libraries[1]).pk
        )
    assert not SegmentAnnouncement.objects.exists()
    assert not Notice.objects.exists()


def test_a_past_event_is_refused(world):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    event = _event(world.libraries[0])
    with clock.freeze(NOW + dt.timedelta(days=10)), pytest.raises(EventNotOpenError):
        segment_event_announce(
            actor=admin, segment_id=Segment.objects.get(code="history").pk, event_id=event.pk
        )


def test_the_rules_in_order():
    today = dt.date(2026, 7, 1)
    fresh = ReadingProfile()
    fresh.add(
        day=today - dt.timedelta(days=10), clc_top="I", foreign=False, weekday=1, hour=10, library=1
    )
    assert segment_of(fresh, today=today) == "new"
    old = ReadingProfile()
    old.add(
        day=today - dt.timedelta(days=400),
        clc_top="I",
        foreign=False,
        weekday=1,
        hour=10,
        library=1,
    )
    assert segment_of(old, today=today) == "lapsed"
    science = ReadingProfile()
    for day in (300, 200, 20):
        science.add(
            day=today - dt.timedelta(days=day),
            clc_top="T",
            foreign=False,
            weekday=6,
            hour=19,
            library=2,
        )
    assert segment_of(science, today=today) == "science"
    assert science.preferred_library == 2 and science.evening_weekend == 3
    science.category = "child"
    assert segment_of(science, today=today) == "children"
