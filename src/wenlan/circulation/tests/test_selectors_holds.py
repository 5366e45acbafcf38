import datetime as dt

import pytest

from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import HoldStatus
from wenlan.circulation.selectors.holds import (
    hold_list_for_reader,
    nearest_open_library,
    pickup_choices,
)
from wenlan.circulation.tests.factories import HoldFactory
from wenlan.network.tests.factories import LibraryFactory, OpeningHoursFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_pickup_choices_put_the_readers_library_first_then_the_nearest(frozen):
    home = LibraryFactory(code="HOME", latitude="30.300000", longitude="120.100000")
    near = LibraryFactory(code="NEAR", latitude="30.251000", longitude="120.161000")
    LibraryFactory(code="FAR", latitude="29.600000", longitude="119.000000")
    # NEAR opens on Wednesdays (the frozen day) from 9 to 17; FAR never.
    OpeningHoursFactory(library=near, weekday=2)
    reader = ReaderFactory(home_library=home)
    plain = pickup_choices(reader=reader)
    assert [c.library.code for c in plain] == ["HOME", "FAR", "NEAR"]
    choices = pickup_choices(reader=reader, latitude=30.25, longitude=120.16)
    assert [c.library.code for c in choices] == ["HOME", "NEAR", "FAR"]
    assert round(choices[1].distance_km, 2) == 0.15
    nearest = nearest_open_library(latitude=30.25, longitude=120.16, choices=choices)
    assert nearest.library.code == "NEAR"


def test_queue_positions_count_only_those_still_waiting(frozen):
    record = RecordFactory()
    library = LibraryFactory()
    item = ItemFactory(record=record, library=library)
    HoldFactory(
        record=record,
        pickup_library=library,
        status=HoldStatus.READY,
        item=item,
        expires_on=dt.date(2026, 12, 2),
    )
    HoldFactory(record=record, pickup_library=library)
    HoldFactory(record=record, pickup_library=library, status=HoldStatus.CANCELLED)
    mine = HoldFactory(record=record, pickup_library=library)
    [found] = hold_list_for_reader(reader_id=mine.reader_id)
    assert found.position == 2
