import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import login
from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.events.enums import EventStatus, RegistrationStatus
from wenlan.events.models import Registration
from wenlan.events.tests.factories import (
    BASE,
    ChannelFactory,
    EventFactory,
    OccurrenceFactory,
    RegistrationFactory,
    VenueFactory,
)
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory, ecard_token

pytestmark = pytest.mark.django_db
BEFORE = BASE - dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def _frozen():
    with clock.freeze(BEFORE):
        yield


def _calendar(n: int) -> list:
    channel = ChannelFactory(slug="hechang", title_zh="浙江省合唱网")
    occurrences = []
    for i in range(n):
        event = EventFactory(title_zh=f"合唱讲座{i}")
        event.channels.add(channel)
        occurrences.append(OccurrenceFactory(event=event, starts_at=BASE + dt.timedelta(hours=i)))
    return occurrences


def test_calendar_list_shows_published_occurrences_in_time_order(client, django_assert_num_queries):
    occurrences = _calendar(3)
    EventFactory(status=EventStatus.DRAFT, title_zh="草稿活动")
    with django_assert_num_queries(3):  # libraries for the filter, occurrences, channels
        response = client.get(reverse("events:calendar"))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(s.event.title_zh) for s in occurrences]
    assert positions == sorted(positions)
    assert "草稿活动" not in html
    assert "余 30 个名额" in html


def test_calendar_list_query_count_does_not_grow(client, django_assert_num_queries):
    _calendar(12)
    with django_assert_num_queries(3):
        assert client.get(reverse("events:calendar")).status_code == 200


def test_calendar_filters_by_text_category_free_and_seats(client):
    full = OccurrenceFactory(
        event=EventFactory(title_zh="满员的音乐会"), capacity=1, confirmed_count=1
    )
    paid = OccurrenceFactory(event=EventFactory(title_zh="收费讲座", price=50))
    OccurrenceFactory(event=EventFactory(title_zh="免费讲座"))
    html = client.get(reverse("events:calendar"), {"seats": "on"}).content.decode()
    assert full.event.title_zh not in html and "免费讲座" in html
    html = client.get(reverse("events:calendar"), {"free": "on"}).content.decode()
    assert paid.event.title_zh not in html and "免费讲座" in html
    html = client.get(reverse("events:calendar"), {"q": "音樂會"}).content.decode()  # traditional
    assert "满员的音乐会" in html and "免费讲座" not in html


def _occurrence_at(title: str, lat: str, lon: str):
    venue = VenueFactory(latitude=lat, longitude=lon)
    return OccurrenceFactory(event=EventFactory(title_zh=title, venue=venue))


def test_calendar_near_me_sorts_by_distance_and_leaves_far_ones_out(client):
    near = _occurrence_at("近处", "30.2600", "120.1600")
    nearer = _occurrence_at("更近", "30.2510", "120.1600")
    _occurrence_at("远处", "29.8700", "121.5500")
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
    OccurrenceFactory(event=EventFactory(title_zh="分馆活动", venue=VenueFactory(library=branch)))
    OccurrenceFactory(event=EventFactory(title_zh="别处活动"))
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
    occurrence = OccurrenceFactory(event=EventFactory(title_zh="院士讲座：量子", price=0))
    response = client.get(reverse("events:event_detail", args=[occurrence.event_id]))
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
    occurrence = OccurrenceFactory(
        event=EventFactory(title_zh="</script><script>alert(1)</script>")
    )
    html = client.get(reverse("events:event_detail", args=[occurrence.event_id])).content.decode()
    assert "<script>alert(1)" not in html


def test_draft_event_page_is_404_for_the_public(client):
    occurrence = OccurrenceFactory(event=EventFactory(status=EventStatus.DRAFT))
    assert client.get(reverse("events:event_detail", args=[occurrence.event_id])).status_code == 404


def test_reader_registers_from_the_event_page_then_sees_the_ticket(client):
    occurrence = OccurrenceFactory(capacity=1)
    reader = ReaderFactory()
    login(client, reader.user)
    response = client.post(
        reverse("events:register", args=[occurrence.pk]),
        {"event": occurrence.event_id},
        follow=True,
    )
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert f"报名成功！票券码 {registration.ticket_code}。" in response.content.decode()
    ticket = client.get(reverse("events:ticket", args=[registration.ticket_code]))
    assert "<svg" in ticket.content.decode()
    qr = client.get(reverse("events:ticket_qr", args=[registration.ticket_code]))
    assert qr["Content-Type"] == "image/svg+xml"


def test_second_reader_is_told_they_are_waitlisted(client):
    occurrence = OccurrenceFactory(capacity=1)
    RegistrationFactory(occurrence=occurrence)
    occurrence.confirmed_count = 1
    occurrence.save()
    login(client, ReaderFactory().user)
    response = client.post(reverse("events:register", args=[occurrence.pk]), follow=True)
    assert "您已进入候补名单" in response.content.decode()
    assert "候补第 1 位" in response.content.decode()


def test_blocked_reader_sees_why(client):
    reader = ReaderFactory()
    for days_ago in (50, 20, 3):
        RegistrationFactory(
            reader=reader,
            status=RegistrationStatus.NO_SHOW,
            occurrence=OccurrenceFactory(starts_at=BEFORE - dt.timedelta(days=days_ago)),
        )
    occurrence = OccurrenceFactory()
    login(client, reader.user)
    response = client.post(reverse("events:register", args=[occurrence.pk]), follow=True)
    assert "前不能报名活动" in response.content.decode()
    assert not Registration.objects.filter(occurrence=occurrence).exists()
    page = client.get(reverse("portal:my_bookings")).content.decode()
    assert "您近期多次报名后未到场，2026-12-30 14:00 前不能报名活动。" in page


def test_registering_needs_login(client):
    occurrence = OccurrenceFactory()
    response = client.post(reverse("events:register", args=[occurrence.pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert Registration.objects.count() == 0


def test_someone_elses_ticket_is_refused(client):
    registration = RegistrationFactory()
    login(client, ReaderFactory().user)
    assert client.get(reverse("events:ticket", args=[registration.ticket_code])).status_code == 403


def test_cancel_from_my_registrations(client):
    registration = RegistrationFactory()
    registration.occurrence.confirmed_count = 1
    registration.occurrence.save()
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
    staff = staff_with_role(
        Role.BRANCH_LIBRARIAN, library=registration.occurrence.event.venue.library
    )
    login(client, staff)
    with clock.freeze(BASE - dt.timedelta(minutes=5)):
        page = client.get(reverse("events:staff_checkin"))
        assert registration.occurrence.event.title_zh in page.content.decode()
        response = client.post(reverse("events:staff_checkin"), {"code": "qwerty-2345"})
        assert "签到成功" in response.content.decode()
        again = client.post(reverse("events:staff_checkin"), {"code": "QWERTY2345"})
    assert again.status_code == 422
    assert "该票券已于 13:55 签到。" in again.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED


def test_checkin_page_checks_a_readers_ecard_in_at_the_chosen_occurrence(client):
    registration = RegistrationFactory()
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    url = reverse("events:staff_checkin")
    door = registration.occurrence_id
    with clock.freeze(BASE - dt.timedelta(minutes=5)):
        page = client.get(url).content.decode()
        assert f'<option value="{door}">14:00 {registration.occurrence.event.title_zh}' in page
        response = client.post(url, {"occurrence": door, "code": ecard_token(registration.reader)})
    html = response.content.decode()
    assert "签到成功" in html and registration.reader.name in html
    assert f'<option value="{door}" selected>' in html  # kept for the next reader
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
    if role in LIBRARY_SCOPED_ROLES:
        scope["library"] = LibraryFactory()
    if role in PARTNER_SCOPED_ROLES:
        scope["partner"] = PartnerFactory()
    login(client, staff_with_role(role, **scope))
    assert client.get(reverse("events:staff_checkin")).status_code == (200 if allowed else 403)


def test_checkin_page_needs_login(client):
    assert client.get(reverse("events:staff_checkin")).status_code == 302


def test_attendance_figures(client):
    occurrence = OccurrenceFactory(event=EventFactory(title_zh="统计活动"))
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.NO_SHOW)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.CANCELLED)
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    html = client.get(reverse("events:staff_attendance")).content.decode()
    assert re.search(r"<td>统计活动</td><td>3</td><td>2</td><td>1</td><td>67%</td>", html)


def _crowded_occurrence():
    """A published event in a channel whose one occurrence has one seat, taken."""
    channel = ChannelFactory(title_zh="院士讲座")
    occurrence = OccurrenceFactory(
        event=EventFactory(title_zh="量子计算讲座"), capacity=1, confirmed_count=1
    )
    occurrence.event.channels.add(channel)
    RegistrationFactory(occurrence=occurrence)
    return occurrence


def test_event_page_for_a_waiting_reader_costs_five_queries(client, django_assert_num_queries):
    occurrence = _crowded_occurrence()
    first, second = ReaderFactory(), ReaderFactory()
    for reader in (first, second):
        RegistrationFactory(
            reader=reader, occurrence=occurrence, status=RegistrationStatus.WAITLISTED
        )
    occurrence.waitlist_count = 2
    occurrence.save()
    login(client, second.user)
    url = reverse("events:event_detail", args=[occurrence.event_id])
    # session, user with their reader, the event with its occurrences, the reader's
    # places (with waitlist positions and no-shows), the volunteer shifts serving its
    # sessions; the first load also reads the event's surroundings (venue,
    # organiser, club…) and its channels, then kept.
    with django_assert_num_queries(7):
        client.get(url)
    with django_assert_num_queries(5):
        response = client.get(url)
    html = response.content.decode()
    assert "名额 1，已报名 1，候补 2" in html
    assert "候补第 2 位" in html
    assert "院士讲座" in html and "量子计算讲座" in html
    assert ">我的<" in html  # the reader's menu, from the reader read once


def test_event_page_for_the_public_costs_two_queries(client, django_assert_num_queries):
    occurrence = _crowded_occurrence()
    url = reverse("events:event_detail", args=[occurrence.event_id])
    client.get(url)
    with django_assert_num_queries(2):  # the event with its occurrences, volunteer shifts
        response = client.get(url)
    assert "登录后报名" in response.content.decode()


def test_event_page_reads_seats_fresh_while_its_surroundings_are_kept(client, settings):
    settings.WENLAN_EVENT_CACHE_SECONDS = 60
    occurrence = _crowded_occurrence()
    url = reverse("events:event_detail", args=[occurrence.event_id])
    assert "名额 1，已报名 1</p>" in client.get(url).content.decode()

    occurrence.capacity, occurrence.confirmed_count, occurrence.waitlist_count = 5, 3, 0
    occurrence.save()
    venue = occurrence.event.venue
    old_name = venue.name_zh
    venue.name_zh = "改名后的报告厅"
    venue.save()
    html = client.get(url).content.decode()
    assert "名额 5，已报名 3</p>" in html
    assert old_name in html and "改名后的报告厅" not in html  # kept for 60 s

    other = VenueFactory(name_zh="另一个报告厅")
    event = occurrence.event
    event.venue = other
    event.save()
    html = client.get(url).content.decode()
    assert "另一个报告厅" in html  # the event's own row is read fresh


def test_event_page_surroundings_not_kept_when_told(client, settings):
    settings.WENLAN_EVENT_CACHE_SECONDS = 0
    occurrence = _crowded_occurrence()
    url = reverse("events:event_detail", args=[occurrence.event_id])
    client.get(url)
    venue = occurrence.event.venue
    venue.name_zh = "改名后的报告厅"
    venue.save()
    assert "改名后的报告厅" in client.get(url).content.decode()


def test_cancelled_event_shows_at_once_though_surroundings_are_kept(client, settings):
    settings.WENLAN_EVENT_CACHE_SECONDS = 60
    occurrence = _crowded_occurrence()
    url = reverse("events:event_detail", args=[occurrence.event_id])
    client.get(url)
    occurrence.event.status = EventStatus.CANCELLED
    occurrence.event.save()
    assert "本活动已取消。" in client.get(url).content.decode()
    occurrence.event.status = EventStatus.DRAFT
    occurrence.event.save()
    assert client.get(url).status_code == 404


def test_sign_up_from_the_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    occurrence = OccurrenceFactory(capacity=1)
    login(client, ReaderFactory().user)
    url = reverse("events:register", args=[occurrence.pk])
    # session, user with reader, savepoint (the test's transaction), the reader's row
    # locked, the reader's places and no-shows, the occurrence with its event, then
    # PostgreSQL: the lock timeout, and the seat taken in one statement (the
    # occurrence's lock, the counters, the insert); SQLite: the insert, the counters;
    # release.
    expected = 9
    with django_assert_num_queries(expected):
        response = client.post(url, {"event": occurrence.event_id})
    assert response.status_code == 302
    assert response["Location"] == reverse("events:event_detail", args=[occurrence.event_id])
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (1, 0)


def test_a_venue_changed_by_this_process_shows_at_once(client, settings):
    from wenlan.events.services.events import venue_upsert

    settings.WENLAN_EVENT_CACHE_SECONDS = 60
    occurrence = _crowded_occurrence()
    venue = occurrence.event.venue
    url = reverse("events:event_detail", args=[occurrence.event_id])
    client.get(url)
    venue_upsert(name_zh=venue.name_zh, library_id=venue.library_id, name_en="Renamed hall")
    with translation.override("en"):
        client.cookies["wenlan_language"] = "en"
        assert "Renamed hall" in client.get(url).content.decode()


def test_an_uploaded_event_picture_is_on_the_page_and_in_the_json_ld(client):
    from django.core.files.base import ContentFile

    from wenlan.core.tests.test_media import image_bytes

    event = EventFactory(title_zh="书法体验", image_url="https://img.example.org/old.jpg")
    event.image.save("poster.png", ContentFile(image_bytes()), save=True)
    occurrence = OccurrenceFactory(event=event)
    html = client.get(reverse("events:event_detail", args=[occurrence.event_id])).content.decode()
    assert f'src="/media/{event.image.name}"' in html and "old.jpg" not in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["image"] == [f"http://testserver/media/{event.image.name}"]


def test_event_json_ld_location_has_the_full_address(client):
    library = LibraryFactory(
        code="XH",
        name_zh="西湖区图书馆",
        name_en="Xihu District Library",
        address_zh="杭州市西湖区文三路 1 号",
        address_en="1 Wensan Road, Xihu",
    )
    venue = VenueFactory(name_zh="报告厅", name_en="Lecture hall", library=library)
    occurrence = OccurrenceFactory(event=EventFactory(venue=venue))
    url = reverse("events:event_detail", args=[occurrence.event_id])

    def location(**headers):
        html = client.get(url, **headers).content.decode()
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return json.loads(match.group(1))["location"]

    zh = location()
    assert (zh["name"], zh["address"]) == (
        "报告厅",
        "报告厅, 杭州市西湖区文三路 1 号, 西湖区图书馆",
    )
    client.cookies["wenlan_language"] = "en"
    en = location()
    assert en["address"] == "Lecture hall, 1 Wensan Road, Xihu, Xihu District Library"
