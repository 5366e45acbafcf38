import pytest
from django.urls import reverse

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.spaces.enums import BookingStatus
from wenlan.spaces.models import Booking
from wenlan.spaces.tests.factories import BookingFactory, ResourceFactory, at

pytestmark = pytest.mark.django_db


def test_resource_page_shows_free_taken_and_own_slots_and_books(client, django_assert_num_queries):
    resource = ResourceFactory(slug="printer")
    BookingFactory(resource=resource, starts_at=at(1, 9))
    reader = ReaderFactory()
    login(client, reader.user)
    response = client.post(
        reverse("spaces:resource_book", args=["printer"]),
        {"starts_at": at(1, 10).isoformat()},
        follow=True,
    )
    html = response.content.decode()
    assert "已预约 3D 打印机：2026-12-08 10:00。" in html
    assert html.count('class="slot mine"') == 1
    assert html.count('class="slot taken"') == 1
    with django_assert_num_queries(4):  # session, user with reader, resource, bookings
        client.get(reverse("spaces:resource_detail", args=["printer"]))


def test_booking_through_the_page_needs_login(client):
    resource = ResourceFactory(slug="printer")
    response = client.post(
        reverse("spaces:resource_book", args=["printer"]), {"starts_at": at(1, 10).isoformat()}
    )
    assert response.status_code == 302
    assert not Booking.objects.filter(resource=resource).exists()


def test_staff_bookings_page_checks_in(client):
    booking = BookingFactory(starts_at=at(0, 10))
    staff = staff_with_role(Role.BRANCH_LIBRARIAN, library=booking.resource.library)
    login(client, staff)
    page = client.get(reverse("spaces:staff_bookings")).content.decode()
    assert booking.reader.name in page
    client.post(reverse("spaces:staff_bookings"), {"booking": booking.pk})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


@pytest.mark.parametrize("role,status", [(Role.CATALOGUER, 403), (Role.NETWORK_ADMIN, 200)])
def test_staff_bookings_page_by_role(client, role, status):
    scope = {"library": ReaderFactory().home_library} if role == Role.CATALOGUER else {}
    login(client, staff_with_role(role, **scope))
    assert client.get(reverse("spaces:staff_bookings")).status_code == status


def test_booking_cancel_asks_first_and_only_the_post_cancels(client):
    booking = BookingFactory()
    login(client, booking.reader.user)
    url = reverse("spaces:booking_cancel", args=[booking.pk])
    html = client.get(url).content.decode()
    assert "确定取消这个预约吗？" in html and "3D 打印机" in html
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED
    response = client.post(url)
    assert response["Location"] == reverse("portal:my_bookings")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_someone_elses_booking_is_refused(client):
    booking = BookingFactory()
    login(client, ReaderFactory().user)
    assert client.get(reverse("spaces:booking_cancel", args=[booking.pk])).status_code == 403
    client.post(reverse("spaces:booking_cancel", args=[booking.pk]))
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


@pytest.mark.parametrize(
    "old,new",
    [
        ("/makerspace/", "/spaces/"),
        ("/makerspace/hz-laser/", "/spaces/hz-laser/"),
        ("/makerspace/bookings/7/cancel/?from=poster", "/spaces/bookings/7/cancel/?from=poster"),
    ],
)
def test_the_old_makerspace_addresses_lead_to_the_spaces(client, old, new):
    """Posters and leaflets print /makerspace/ addresses."""
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
