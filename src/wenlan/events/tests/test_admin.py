import pytest

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.events.enums import EventStatus
from wenlan.events.models import Event
from wenlan.events.tests.factories import OccurrenceFactory, PartnerEventFactory
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_organiser_sees_only_their_events_in_the_admin(client):
    mine = PartnerFactory()
    PartnerEventFactory(organiser_partner=mine, title_zh="我的合唱会")
    PartnerEventFactory(title_zh="别人的演出")
    login(client, staff_with_role(Role.EVENT_ORGANISER, partner=mine))
    html = client.get("/admin/events/event/").content.decode()
    assert "我的合唱会" in html and "别人的演出" not in html


def test_admin_pages_open_for_a_network_admin(client):
    OccurrenceFactory()
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    for model in (
        "event",
        "channel",
        "venue",
        "registration",
        "readingclub",
        "activityproposal",
    ):
        assert client.get(f"/admin/events/{model}/").status_code == 200, model
    assert client.get("/admin/events/event/add/").status_code == 200


def test_adding_an_event_in_the_admin_goes_through_the_service(client):
    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    response = client.post(
        "/admin/events/event/add/",
        {
            "title_zh": "古籍修复讲座",
            "title_en": "",
            "description_zh": "",
            "description_en": "",
            "organiser_library": library.pk,
            "category": "lecture",
            "price": "0",
            "max_occurrences_per_reader": "1",
            "registration_required": "on",
            "occurrences-TOTAL_FORMS": "1",
            "occurrences-INITIAL_FORMS": "0",
            "occurrences-MIN_NUM_FORMS": "0",
            "occurrences-MAX_NUM_FORMS": "1000",
            "occurrences-0-starts_at_0": "2026-12-20",
            "occurrences-0-starts_at_1": "14:00",
            "occurrences-0-ends_at_0": "2026-12-20",
            "occurrences-0-ends_at_1": "16:00",
            "occurrences-0-capacity": "40",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert (event.title_zh, event.status, event.created_by is not None) == (
        "古籍修复讲座",
        EventStatus.DRAFT,
        True,
    )
    assert "古籍" in event.search_text
    assert list(event.occurrences.values_list("capacity", flat=True)) == [40]
