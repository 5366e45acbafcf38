import datetime as dt

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import ValidationError
from wenlan.events.models import Registration
from wenlan.events.services.occurrences import occurrence_set_capacity
from wenlan.events.services.registrations import registration_create
from wenlan.events.tests.factories import BASE, OccurrenceFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_more_seats_promote_the_waitlist_and_fewer_than_taken_are_refused():
    occurrence = OccurrenceFactory(capacity=1)
    readers = ReaderFactory.create_batch(3)
    with clock.freeze(BASE - dt.timedelta(days=1)):
        for reader in readers:
            registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    admin = staff_with_role(Role.NETWORK_ADMIN)
    occurrence_set_capacity(actor=admin, occurrence_id=occurrence.pk, capacity=2)
    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (2, 1)
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    with pytest.raises(ValidationError):
        occurrence_set_capacity(actor=admin, occurrence_id=occurrence.pk, capacity=1)
    occurrence.refresh_from_db()
    assert (occurrence.capacity, occurrence.confirmed_count, occurrence.waitlist_count) == (2, 2, 1)
