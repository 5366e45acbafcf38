"""Registrations of ended occurrences with their outcome, for the analytics export."""

import datetime as dt

import pytest

from wenlan.events.enums import RegistrationStatus
from wenlan.events.selectors.outcomes import registration_outcomes_ended
from wenlan.events.tests.factories import (
    BASE,
    EventFactory,
    OccurrenceFactory,
    RegistrationFactory,
    VenueFactory,
)
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_outcomes_of_occurrences_ended_in_the_window():
    venue = VenueFactory()
    # The venue's library counts, not the organiser's; without a venue, the organiser's.
    at_venue = OccurrenceFactory(
        event=EventFactory(venue=venue, organiser_library=LibraryFactory()), starts_at=BASE
    )
    elsewhere = OccurrenceFactory(
        event=EventFactory(venue=None, organiser_library=LibraryFactory()), starts_at=BASE
    )
    later = OccurrenceFactory(starts_at=BASE + dt.timedelta(days=3))
    came = RegistrationFactory(
        occurrence=at_venue, status=RegistrationStatus.ATTENDED, checked_in_at=BASE
    )
    stayed_away = RegistrationFactory(occurrence=elsewhere, status=RegistrationStatus.CONFIRMED)
    cancelled = RegistrationFactory(occurrence=elsewhere, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(occurrence=later)

    batches = list(
        registration_outcomes_ended(
            ended_after=None, ended_before=BASE + dt.timedelta(days=1), batch_size=2
        )
    )
    outcomes = {o.id: o for batch in batches for o in batch}
    assert [len(b) for b in batches] == [2, 1]
    assert set(outcomes) == {came.pk, stayed_away.pk, cancelled.pk}
    assert outcomes[came.pk].library_id == venue.library_id
    assert outcomes[stayed_away.pk].library_id == elsewhere.event.organiser_library_id
    assert (outcomes[came.pk].attended, outcomes[came.pk].no_show) == (True, False)
    assert (outcomes[stayed_away.pk].attended, outcomes[stayed_away.pk].no_show) == (False, True)
    assert (outcomes[cancelled.pk].attended, outcomes[cancelled.pk].no_show) == (False, False)
    assert (
        list(
            registration_outcomes_ended(
                ended_after=BASE + dt.timedelta(days=1),
                ended_before=BASE + dt.timedelta(days=2),
                batch_size=10,
            )
        )
        == []
    )
