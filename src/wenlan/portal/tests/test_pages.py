"""The home page of a library portal, and what a library's page shows."""

import datetime as dt

import pytest
from django.utils import timezone

from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.core import clock
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, VenueFactory
from wenlan.network.tests.factories import LibraryFactory, ThemedBranchFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 2, 9, 0))


def _at(days: int, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 12, 2 + days, hour, 0))


@pytest.fixture
def portal(db):
    xh = LibraryFactory(code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library")
    other = LibraryFactory(code="GS", name_zh="拱墅区图书馆", name_en="Gongshu District Library")
    ThemedBranchFactory(code="XH-TEA", name_zh="茶文化分馆", name_en="Tea Culture Branch")
    room = VenueFactory(library=xh, name_zh="少儿阅览室", name_en="")
    soon = EventFactory(venue=room, title_zh="绘本故事会", title_en="Picture-book story time")
    OccurrenceFactory(event=soon, starts_at=_at(2))
    later = EventFactory(venue=room, title_zh="年终书展", title_en="Year-end book fair")
    OccurrenceFactory(event=later, starts_at=_at(20))
    elsewhere = EventFactory(venue=VenueFactory(library=other), title_en="Gongshu talk")
    OccurrenceFactory(event=elsewhere, starts_at=_at(3))
    old = RecordFactory(title="旧书 /", language="chi")
    new = RecordFactory(title="A new book :", language="eng")
    ItemFactory(record=old, library=xh, acquired_on=dt.date(2020, 1, 1))
    ItemFactory(record=new, library=other, acquired_on=dt.date(2026, 11, 30))
    return {"xh": xh, "old": old, "new": new}


def test_home_page_in_english(client, portal, django_assert_max_num_queries):
    with clock.freeze(NOW), django_assert_max_num_queries(12):
        html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<form method="get" action="/catalog/" class="home-search" role="search">' in html
    assert '<input type="search" id="home-q" name="q" maxlength="256"' in html
    coming = html[html.index('id="coming-h"') : html.index('id="arrivals-h"')]
    # The coming seven days, soonest first; a room without an English name says so.
    assert coming.index("Picture-book story time") < coming.index("Gongshu talk")
    assert "Year-end book fair" not in coming
    assert '<span lang="zh-Hans">少儿阅览室</span> · <span>Xihu District Library</span>' in coming
    arrivals = html[html.index('id="arrivals-h"') : html.index('id="themed-h"')]
    assert arrivals.index("A new book<") < arrivals.index("旧书<")
    assert f'href="/catalog/records/{portal["new"].pk}/" lang="en"' in arrivals
    assert ">Tea Culture Branch</a>" in html[html.index('id="themed-h"') :]


def test_library_page_has_its_events_a_scoped_search_and_no_map_without_tiles(
    client, portal, settings
):
    settings.WENLAN_MAP_TILE_URL = ""
    with clock.freeze(NOW):
        html = client.get("/libraries/XH/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="library-map"' not in html and "leaflet" not in html
    assert '<input type="hidden" name="library" value="XH">' in html
    assert "Search this library" in html
    events = html[
        html.index('id="library-events-h"') : html.index(
            "</section>", html.index('id="library-events-h"')
        )
    ]
    assert "Picture-book story time" in events and "Year-end book fair" in events
    assert "Gongshu talk" not in events
    assert 'href="/events/?library=XH"' in events


def test_library_page_map_from_the_configured_tile_server(client, portal, settings):
    settings.WENLAN_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.WENLAN_MAP_ATTRIBUTION = "© OpenStreetMap contributors"
    html = client.get("/libraries/XH/").content.decode()
    assert '<script src="/static/vendor/leaflet/leaflet.js" defer></script>' in html
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-lat="30.250000" data-lon="120.160000"' in html
    assert 'data-attribution="© OpenStreetMap contributors"' in html
    assert "<script>" not in html  # no inline script
