import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.events.enums import EventStatus, RegistrationStatus
from wenlan.events.models import Registration
from wenlan.events.tests.factories import (
    BASE,
    ChannelFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    VenueFactory,
)
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
BEFORE = BASE - dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def _frozen():
    with clock.freeze(BEFORE):
        yield


def _calendar(n: int) -> list:
    channel = ChannelFactory(slug="hechang", title_zh="浙江省合唱网")
    sessions = []
    for i in range(n):
        event = EventFactory(title_zh=f"合唱讲座{i}")
        event.channels.add(channel)
        sessions.append(SessionFactory(event=event, starts_at=BASE + dt.timedelta(hours=i)))
    return sessions


def test_calendar_list_shows_published_sessions_in_time_order(client, django_assert_num_queries):
    sessions = _calendar(3)
    EventFactory(status=EventStatus.DRAFT, title_zh="草稿活动")
    with django_assert_num_queries(3):  # libraries for the filter, sessions, channels
        response = client.get(reverse("events:calendar"))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(s.event.title_zh) for s in sessions]
    assert positions == sorted(positions)
    assert "草稿活动" not in html
    assert "余 30 个名额" in html


def test_calendar_list_query_count_does_not_grow(client, django_assert_num_queries):
    _calendar(12)
    with django_assert_num_queries(3):
        assert client.get(reverse("events:calendar")).status_code == 200


def test_calendar_filters_by_text_category_free_and_seats(client):
    full = SessionFactory(
        event=EventFactory(title_zh="满员的音乐会"), capacity=1, confirmed_count=1
    )
    paid = SessionFactory(event=EventFactory(title_zh="收费讲座", price=50))
    SessionFactory(event=EventFactory(title_zh="免费讲座"))
    html = client.get(reverse("events:calendar"), {"seats": "on"}).content.decode()
    assert full.event.title_zh not in html and "免费讲座" in html
    html = client.get(reverse("events:calendar"), {"free": "on"}).content.decode()
    assert paid.event.title_zh not in html and "免费讲座" in html
    html = client.get(reverse("events:calendar"), {"q": "音樂會"}).content.decode()  # traditional
    assert "满员的音乐会" in html and "免费讲座" not in html


def _session_at(title: str, lat: str, lon: str):
    venue = VenueFactory(latitude=lat, longitude=lon)
    return SessionFactory(event=EventFactory(title_zh=title, venue=venue))


def test_calendar_near_me_sorts_by_distance_and_leaves_far_ones_out(client):
    near = _session_at("近处", "30.2600", "120.1600")
    nearer = _session_at("更近", "30.2510", "120.1600")
    _session_at("远处", "29.8700", "121.5500")
    response = client.get(
        reverse("events:calendar"), {"lat": "30.25", "lon": "120.16", "radius": "5"}
    )
    html = response.content.decode()
    assert "远处" not in html
    assert html.index(nearer.event.title_zh) < html.index(near.event.title_zh)
    assert "0.11 公里" in html


def test_calendar_filters_by_district_including_branches(client):
    district = LibraryFactory(code="XH")
    branch = LibraryFactory(code="XH-1", parent=district)
    SessionFactory(event=EventFactory(title_zh="分馆活动", venue=VenueFactory(library=branch)))
    SessionFactory(event=EventFactory(title_zh="别处活动"))
    html = client.get(reverse("events:calendar"), {"library": "XH"}).content.decode()
    assert "分馆活动" in html and "别处活动" not in html


def test_month_view(client, django_assert_num_queries):
    _calendar(2)
    with django_assert_num_queries(3):
        response = client.get(reverse("events:calendar_month"), {"month": "2026-12"})
    html = response.content.decode()
    assert "2026 年 12 月活动" in html
    assert html.count("合唱讲座") == 2
    assert "month=2026-11" in html and "month=2027-01" in html


def test_event_page_has_schema_org_json_ld(client):
    session = SessionFactory(event=EventFactory(title_zh="院士讲座：量子", price=0))
    response = client.get(reverse("events:event_detail", args=[session.event_id]))
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    data = json.loads(match.group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "院士讲座：量子"
    assert data["startDate"] == "2026-12-05T14:00:00+08:00"
    assert data["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 30.25,
        "longitude": 120.16,
    }
    assert data["isAccessibleForFree"] is True
    assert data["remainingAttendeeCapacity"] == 30
    assert data["offers"]["availability"] == "https://schema.org/InStock"


def test_json_ld_cannot_break_out_of_its_script(client):
    session = SessionFactory(event=EventFactory(title_zh="</script><script>alert(1)</script>"))
    html = client.get(reverse("events:event_detail", args=[session.event_id])).content.decode()
    assert "<script>alert(1)" not in html


def test_draft_event_page_is_404_for_the_public(client):
    session = SessionFactory(event=EventFactory(status=EventStatus.DRAFT))
    assert client.get(reverse("events:event_detail", args=[session.event_id])).status_code == 404


def test_reader_registers_from_the_event_page_then_sees_the_ticket(client):
    session = SessionFactory(capacity=1)
    reader = ReaderFactory()
    login(client, reader.user)
    response = client.post(
        reverse("events:register", args=[session.pk]), {"event": session.event_id}, follow=True
    )
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert f"报名成功！票券码 {registration.ticket_code}。" in response.content.decode()
    ticket = client.get(reverse("events:ticket", args=[registration.ticket_code]))
    assert "<svg" in ticket.content.decode()
    qr = client.get(reverse("events:ticket_qr", args=[registration.ticket_code]))
    assert qr["Content-Type"] == "image/svg+xml"


def test_second_reader_is_told_they_are_waitlisted(client):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    session.confirmed_count = 1
    session.save()
    login(client, ReaderFactory().user)
    response = client.post(reverse("events:register", args=[session.pk]), follow=True)
    assert "您已进入候补名单" in response.content.decode()
    assert "候补第 1 位" in response.content.decode()


def test_blocked_reader_sees_why(client):
    reader = ReaderFactory()
    for days_ago in (50, 20, 3):
        RegistrationFactory(
            reader=reader,
            status=RegistrationStatus.NO_SHOW,
            session=SessionFactory(starts_at=BEFORE - dt.timedelta(days=days_ago)),
        )
    session = SessionFactory()
    login(client, reader.user)
    response = client.post(reverse("events:register", args=[session.pk]), follow=True)
    assert "前不能报名活动" in response.content.decode()
    assert not Registration.objects.filter(session=session).exists()
    page = client.get(reverse("events:my_registrations")).content.decode()
    assert "您近期多次报名后未到场，2026-12-30 14:00 前不能报名活动。" in page


def test_registering_needs_login(client):
    session = SessionFactory()
    response = client.post(reverse("events:register", args=[session.pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("count", [1, 4])
def test_my_registrations_page(client, django_assert_num_queries, count):
    reader = ReaderFactory()
    for _ in range(count):
        RegistrationFactory(reader=reader)
    login(client, reader.user)
    # session, user, reader (once, also for the menu), registrations, no-shows, bookings
    with django_assert_num_queries(6):
        response = client.get(reverse("events:my_registrations"))
    assert response.content.decode().count("出示票券") == count


def test_someone_elses_ticket_is_refused(client):
    registration = RegistrationFactory()
    login(client, ReaderFactory().user)
    assert client.get(reverse("events:ticket", args=[registration.ticket_code])).status_code == 403


def test_cancel_from_my_registrations(client):
    registration = RegistrationFactory()
    registration.session.confirmed_count = 1
    registration.session.save()
    login(client, registration.reader.user)
    client.post(reverse("events:registration_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_channel_pages(client, django_assert_num_queries):
    _calendar(2)
    ChannelFactory(slug="maker", title_zh="创客空间")
    with django_assert_num_queries(1):
        html = client.get(reverse("events:channel_list")).content.decode()
    assert "浙江省合唱网" in html and "创客空间" in html and "近期暂无活动" in html
    html = client.get(reverse("events:channel_detail", args=["hechang"])).content.decode()
    assert html.count("合唱讲座") == 2
    assert client.get(reverse("events:channel_detail", args=["nope"])).status_code == 404


# --- staff check-in page ---------------------------------------------------------------


def test_checkin_page_checks_a_typed_code_in(client):
    registration = RegistrationFactory(ticket_code="QWERTY2345")
    staff = staff_with_role(Role.BRANCH_LIBRARIAN, library=registration.session.event.venue.library)
    login(client, staff)
    with clock.freeze(BASE - dt.timedelta(minutes=5)):
        page = client.get(reverse("events:staff_checkin"))
        assert registration.session.event.title_zh in page.content.decode()
        response = client.post(reverse("events:staff_checkin"), {"code": "qwerty-2345"})
        assert "签到成功" in response.content.decode()
        again = client.post(reverse("events:staff_checkin"), {"code": "QWERTY2345"})
    assert again.status_code == 422
    assert "该票券已于 13:55 签到。" in again.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED


@pytest.mark.parametrize(
    "role,allowed",
    [
        (Role.NETWORK_ADMIN, True),
        (Role.BRANCH_LIBRARIAN, True),
        (Role.EVENT_ORGANISER, True),
        (Role.CATALOGUER, False),
        (Role.VOLUNTEER_COORDINATOR, False),
    ],
)
def test_checkin_page_by_role(client, role, allowed):
    from wenlan.network.tests.factories import PartnerFactory

    scope = {}
    if role in (Role.BRANCH_LIBRARIAN, Role.CATALOGUER):
        scope["library"] = LibraryFactory()
    if role == Role.EVENT_ORGANISER:
        scope["partner"] = PartnerFactory()
    login(client, staff_with_role(role, **scope))
    assert client.get(reverse("events:staff_checkin")).status_code == (200 if allowed else 403)


def test_checkin_page_needs_login(client):
    assert client.get(reverse("events:staff_checkin")).status_code == 302


def test_attendance_figures(client):
    session = SessionFactory(event=EventFactory(title_zh="统计活动"))
    RegistrationFactory(session=session, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(session=session, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(session=session, status=RegistrationStatus.NO_SHOW)
    RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    html = client.get(reverse("events:staff_attendance")).content.decode()
    assert re.search(r"<td>统计活动</td><td>3</td><td>2</td><td>1</td><td>67%</td>", html)
