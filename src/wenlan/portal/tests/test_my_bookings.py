"""A reader's bookings page: their event places and their space bookings."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from wenlan.core import clock
from wenlan.events.tests.factories import BASE, RegistrationFactory
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.spaces.tests.factories import BookingFactory

pytestmark = pytest.mark.django_db
BEFORE = BASE - dt.timedelta(days=2)  # the factories' occurrences and bookings are to come


@pytest.mark.parametrize("count", [1, 4])
def test_my_registrations_page(client, django_assert_num_queries, count):
    reader = ReaderFactory()
    for _ in range(count):
        RegistrationFactory(reader=reader)
    login(client, reader.user)
    # session, user with their reader (also for the menu), registrations, no-shows,
    # bookings
    with clock.freeze(BEFORE), django_assert_num_queries(5):
        response = client.get(reverse("portal:my_bookings"))
    assert response.content.decode().count("出示票券") == count


def test_my_bookings_has_registrations_and_bookings_and_the_account_links_to_it(
    client, django_assert_num_queries
):
    reader = ReaderFactory()
    registration = RegistrationFactory(reader=reader)
    booking = BookingFactory(reader=reader)
    login(client, reader.user)
    # session, user with their reader, registrations, no-shows, bookings
    with clock.freeze(BEFORE), django_assert_num_queries(5):
        html = client.get(reverse("portal:my_bookings")).content.decode()
    assert registration.occurrence.event.title_zh in html and "3D 打印机" in html
    assert reverse("events:registration_cancel", args=[registration.pk]) in html
    assert reverse("spaces:booking_cancel", args=[booking.pk]) in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0]  # cancelling asks first
    assert reverse("portal:my_bookings") in client.get(reverse("patrons:me")).content.decode()
    old = client.get("/me/events/")
    assert old.status_code == 301 and old["Location"] == reverse("portal:my_bookings")
