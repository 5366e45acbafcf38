import datetime as dt
import json

import pytest

from conftest import login
from wenlan.accounts.enums import PARTNER_SCOPED_ROLES, Perm, Role
from wenlan.accounts.services import apikey_create
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.events.enums import EventStatus, RegistrationStatus
from wenlan.events.models import Event, Registration, Venue
from wenlan.events.tests.factories import (
    BASE,
    ChannelFactory,
    EventFactory,
    OccurrenceFactory,
    RegistrationFactory,
)
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory
from wenlan.patrons.tests.factories import ReaderFactory, ecard_token

pytestmark = pytest.mark.django_db
BEFORE = BASE - dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def _frozen():
    with clock.freeze(BEFORE):
        yield


def _partner_key(partner, scopes=(Perm.EVENT_MANAGE,)) -> str:
    user = staff_with_role(Role.EVENT_ORGANISER, partner=partner)
    _, key = apikey_create(user=user, name="feed", scopes=scopes)
    return key


def _put(client, key, uid, body):
    return client.put(
        f"/api/events/partner-events/{uid}",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )


def _body(partner, **overrides):
    body = {
        "organiser": partner.code,
        "title_zh": "合唱公开排练",
        "title_en": "Open choir rehearsal",
        "category": "performance",
        "venue": {"name_zh": "杭州大剧院小剧场", "latitude": 30.2459, "longitude": 120.2085},
        "occurrences": [
            {
                "starts_at": "2026-12-10T19:00:00+08:00",
                "ends_at": "2026-12-10T21:00:00+08:00",
                "capacity": 80,
            }
        ],
    }
    body.update(overrides)
    return body


def test_calendar_endpoint(client, django_assert_num_queries):
    for i in range(3):
        event = EventFactory(title_zh=f"讲座{i}")
        OccurrenceFactory(event=event, starts_at=BASE + dt.timedelta(hours=i))
    with django_assert_num_queries(2):
        response = client.get("/api/events/calendar", {"limit": 10})
    assert response.status_code == 200
    data = response.json()
    assert [row["title"] for row in data] == ["讲座0", "讲座1", "讲座2"]
    assert data[0]["seats_left"] == 30
    assert data[0]["distance_km"] is None


def test_partner_puts_an_event_with_its_key_then_updates_and_cancels(client):
    partner = PartnerFactory(code="zj-choir")
    channel = ChannelFactory(slug="hechang")
    key = _partner_key(partner)
    response = _put(client, key, "rehearsal-1", _body(partner, channels=["hechang"]))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["action"] == "created"
    assert data["event"]["status"] == EventStatus.SUBMITTED
    assert data["event"]["channels"] == ["hechang"]
    assert data["event"]["occurrences"][0]["capacity"] == 80
    assert Venue.objects.get().latitude is not None
    again = _put(client, key, "rehearsal-1", _body(partner, channels=["hechang"]))
    assert again.json()["action"] == "unchanged"
    # PUT replaces the whole event: channels left out are taken off
    changed = _put(client, key, "rehearsal-1", _body(partner, title_zh="加场", sequence=1))
    assert changed.json()["action"] == "updated"
    cancelled = _put(client, key, "rehearsal-1", _body(partner, cancelled=True, sequence=2))
    assert cancelled.json()["action"] == "cancelled"
    event = Event.objects.get()
    assert event.status == EventStatus.CANCELLED
    assert event.title_zh == "加场"
    assert list(event.channels.all()) == []
    assert channel.events.count() == 0


def test_partner_cannot_post_for_another_partner_and_nothing_changes(client):
    mine, theirs = PartnerFactory(), PartnerFactory()
    key = _partner_key(mine)
    response = _put(client, key, "x", _body(theirs))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert Event.objects.count() == 0
    assert Venue.objects.count() == 0


def test_key_without_the_event_scope_is_refused(client):
    partner = PartnerFactory()
    key = _partner_key(partner, scopes=(Perm.LIBRARY_VIEW,))
    assert _put(client, key, "x", _body(partner)).status_code == 403
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    "change,field",
    [
        ({"occurrences": []}, "occurrences"),
        ({"title_zh": ""}, "title_zh"),
        ({"organiser": "no-such"}, None),
        ({"channels": ["nope"]}, None),
        (
            {
                "occurrences": [
                    {
                        "starts_at": "2026-12-10T21:00:00+08:00",
                        "ends_at": "2026-12-10T19:00:00+08:00",
                        "capacity": 5,
                    }
                ]
            },
            None,
        ),
    ],
)
def test_bad_partner_calls_get_a_clear_error_and_change_nothing(client, change, field):
    partner = PartnerFactory()
    key = _partner_key(partner)
    response = _put(client, key, "bad-1", _body(partner, **change))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert Event.objects.count() == 0
    assert Venue.objects.count() == 0
    if field:
        assert field in json.dumps(response.json()["detail"])


def test_create_and_workflow_through_the_api(client):
    library = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    login(client, librarian)
    response = client.post(
        "/api/events/events",
        json.dumps(
            {
                "organiser": library.code,
                "title_zh": "读书会",
                "age_min": 8,
                "age_max": 12,
                "occurrences": [
                    {
                        "starts_at": "2026-12-12T10:00:00+08:00",
                        "ends_at": "2026-12-12T11:00:00+08:00",
                        "capacity": 20,
                    }
                ],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    event_id = response.json()["id"]
    steps = (("submit", "submitted"), ("approve", "approved"), ("publish", "published"))
    for step, status in steps:
        result = client.post(f"/api/events/events/{event_id}/{step}")
        assert result.json()["status"] == status


def test_reader_signs_up_through_the_api_and_repeating_is_harmless(client):
    occurrence = OccurrenceFactory(capacity=1)
    reader = ReaderFactory()
    login(client, reader.user)
    first = client.post(f"/api/events/occurrences/{occurrence.pk}/registrations")
    assert first.status_code == 201
    assert first.json()["status"] == RegistrationStatus.CONFIRMED
    again = client.post(f"/api/events/occurrences/{occurrence.pk}/registrations")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    mine = client.get("/api/events/me/registrations").json()
    assert [r["ticket_code"] for r in mine] == [first.json()["ticket_code"]]


def test_waitlisted_reader_gets_their_position(client):
    occurrence = OccurrenceFactory(capacity=1, confirmed_count=1)
    RegistrationFactory(occurrence=occurrence)
    login(client, ReaderFactory().user)
    data = client.post(f"/api/events/occurrences/{occurrence.pk}/registrations").json()
    assert data["status"] == "waitlisted"
    assert data["waitlist_position"] == 1


def test_signup_needs_authentication(client):
    occurrence = OccurrenceFactory()
    response = client.post(f"/api/events/occurrences/{occurrence.pk}/registrations")
    assert response.status_code == 401
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "role,status",
    [
        (Role.NETWORK_ADMIN, 200),
        (Role.EVENT_ORGANISER, 403),
        (Role.CATALOGUER, 403),
        (Role.REFERENCE_LIBRARIAN, 403),
    ],
)
def test_checkin_endpoint_by_role(client, role, status):
    registration = RegistrationFactory()
    scope = {"partner": PartnerFactory()} if role in PARTNER_SCOPED_ROLES else {}
    if role == Role.CATALOGUER:
        scope = {"library": LibraryFactory()}
    login(client, staff_with_role(role, **scope))
    with clock.freeze(BASE):
        response = client.post(
            "/api/events/checkin",
            json.dumps({"code": registration.ticket_code}),
            content_type="application/json",
        )
    assert response.status_code == status
    registration.refresh_from_db()
    expected = RegistrationStatus.ATTENDED if status == 200 else RegistrationStatus.CONFIRMED
    assert registration.status == expected


def test_checkin_endpoint_takes_a_readers_ecard_at_an_occurrence(client):
    registration = RegistrationFactory()
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    with clock.freeze(BASE):
        body = {"code": ecard_token(registration.reader)}
        without = client.post("/api/events/checkin", json.dumps(body), "application/json")
        body["occurrence_id"] = registration.occurrence_id
        response = client.post("/api/events/checkin", json.dumps(body), "application/json")
    assert (without.status_code, without.json()["code"]) == (422, "ticket_not_valid")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == (registration.pk, "attended")


def test_create_a_weekly_series_from_a_recurrence_rule(client):
    library = LibraryFactory()
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    body = {
        "organiser": library.code,
        "title_zh": "每周故事会",
        "recurrence": "FREQ=WEEKLY;COUNT=4",
        "occurrences": [
            {
                "starts_at": "2026-12-05T10:00:00+08:00",
                "ends_at": "2026-12-05T11:00:00+08:00",
                "capacity": 15,
            }
        ],
    }
    response = client.post("/api/events/events", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    occurrences = response.json()["occurrences"]
    assert [s["starts_at"][:10] for s in occurrences] == [
        "2026-12-05",
        "2026-12-12",
        "2026-12-19",
        "2026-12-26",
    ]
    assert {s["capacity"] for s in occurrences} == {15}
    bad = client.post(
        "/api/events/events",
        json.dumps({**body, "recurrence": "FREQ=SOMETIMES"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert Event.objects.count() == 1


def test_mark_no_shows_command(capsys):
    from django.core.management import call_command

    RegistrationFactory()
    with clock.freeze(BASE + dt.timedelta(hours=3)):
        call_command("events-mark-no-shows")
    assert json.loads(capsys.readouterr().out) == {"marked_no_show": 1}
    assert Registration.objects.get().status == RegistrationStatus.NO_SHOW
