"""The reader's phone journey on the server side: one card per event, folded filters,
and a question before a place is cancelled."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from wenlan.core import clock
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Registration
from wenlan.events.selectors.events import CalendarEntry, calendar_cards
from wenlan.events.tests.factories import (
    BASE,
    EventFactory,
    OccurrenceFactory,
    RegistrationFactory,
)
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
BEFORE = BASE - dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def _frozen():
    with clock.freeze(BEFORE):
        yield


def _weekly(title: str, weeks: int, hour: int = 0):
    event = EventFactory(title_zh=title)
    return [
        OccurrenceFactory(event=event, starts_at=BASE + dt.timedelta(days=7 * w, hours=hour))
        for w in range(weeks)
    ]


def test_calendar_cards_group_a_series_and_keep_its_first_occurrences():
    story, lecture = _weekly("故事会", 5), _weekly("讲座", 1, hour=1)
    entries = [CalendarEntry(s) for s in sorted(story + lecture, key=lambda s: s.starts_at)]
    cards = calendar_cards(entries, per_card=3)
    assert [(c.event.title_zh, len(c.occurrences), c.more) for c in cards] == [
        ("故事会", 3, 2),
        ("讲座", 1, 0),
    ]
    assert cards[0].occurrences == story[:3]


def test_calendar_list_shows_one_card_per_event_with_the_others_counted(client):
    _weekly("周末绘本故事会", 5)
    html = client.get(reverse("events:calendar")).content.decode()
    assert html.count('class="card event-card"') == 1
    assert html.count("<time ") == 3
    assert "另有 2 场" in html
    assert '<details class="filter-panel" id="event-filter-panel">' in html  # folded
    assert "<script>" not in html and "onclick" not in html


def test_calendar_filters_unfold_on_an_error_and_count_what_is_set(client):
    html = client.get(reverse("events:calendar"), {"age": "abc", "free": "on"}).content.decode()
    assert '<details class="filter-panel" id="event-filter-panel" open>' in html
    html = client.get(reverse("events:calendar"), {"age": "8", "free": "on"}).content.decode()
    assert "已选 2 项" in html


def test_near_me_messages_are_in_the_readers_language(client):
    html = client.get(reverse("events:calendar")).content.decode()
    assert 'data-denied="您没有允许网站获取位置' in html
    client.cookies["wenlan_language"] = "en"
    html = client.get(reverse("events:calendar")).content.decode()
    assert 'data-denied="You did not allow this site to use your location' in html
    assert "Choose a district or library in the filters" in html


def test_registration_cancel_asks_first_and_only_the_post_cancels(client):
    registration = RegistrationFactory()
    registration.occurrence.confirmed_count = 1
    registration.occurrence.save()
    login(client, registration.reader.user)
    url = reverse("events:registration_cancel", args=[registration.pk])
    html = client.get(url).content.decode()
    assert "确定取消这次报名吗？" in html and registration.occurrence.event.title_zh in html
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("portal:my_bookings")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_someone_elses_registration_cannot_be_asked_about_or_cancelled(client):
    registration = RegistrationFactory()
    login(client, ReaderFactory().user)
    url = reverse("events:registration_cancel", args=[registration.pk])
    assert client.get(url).status_code == 403
    client.post(url)
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED
    assert client.get(reverse("events:registration_cancel", args=[999999])).status_code == 404


def test_an_english_card_has_no_chinese_punctuation(client):
    occurrence = _weekly("故事会", 1)[0]
    event = occurrence.event
    event.title_en = "Story time"
    event.save()
    client.cookies["wenlan_language"] = "en"
    html = client.get(reverse("events:calendar")).content.decode()
    card = html.split(f'id="event-{event.pk}"')[1].split("</li>\\n</ul>")[0].split("</ul>")[0]
    venue = event.venue
    assert f"{venue.name_en}</span> · {venue.library.name_en}" in card
    assert f"Organiser: {event.organiser.name_en}" in card
    assert not any(mark in card for mark in "（）：，")
