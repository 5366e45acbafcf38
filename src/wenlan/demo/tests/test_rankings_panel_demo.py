import pytest

from wenlan.catalog.tests.factories import record_create
from wenlan.demo.network import PARTNERS
from wenlan.demo.rankings import rankings_demo_load
from wenlan.demo.rankings_panel import rankings_panel_demo_load
from wenlan.network.services import partner_upsert
from wenlan.rankings.models import Candidate, ListEvent, ReadingList, Round, Score

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")


def test_a_published_world_book_day_list_and_an_open_round(client):
    xinhua = next(p for p in PARTNERS if p["code"] == "xinhua-hz")
    partner_upsert(**{k: v for k, v in xinhua.items() if k != "contacts"})
    rankings_demo_load(
        key_for=lambda n: f"wl_{n[:8]:0<8}_secret{n}", password_for=lambda n: "Wl-pass1234"
    )
    record_create(title="三体", author="刘慈欣", isbn="9787536692930")  # no copies yet
    first = rankings_panel_demo_load(password_for=lambda n: "Wl-pass1234")
    state = (ReadingList.objects.count(), Score.objects.count(), ListEvent.objects.count())
    second = rankings_panel_demo_load(password_for=lambda n: "Wl-pass1234")
    assert first == second
    assert (ReadingList.objects.count(), Score.objects.count(), ListEvent.objects.count()) == state
    published = ReadingList.objects.get(status="published")
    assert published.occasion == "world_book_day" and (
        published.date.month,
        published.date.day,
    ) == (4, 23)
    chosen = Candidate.objects.filter(reading_list=published, position__isnull=False)
    assert chosen.count() == 6
    assert all(c.recommendation_zh and c.recommendation_en for c in chosen)
    assert all(c.score_count == 5 for c in chosen)
    page = client.get(first["rankings"]["published_list_url"])
    assert page.status_code == 200 and "阅读，让城市更温暖" in page.content.decode()
    open_round = Round.objects.get(status="open")
    assert first["rankings"]["open_round_url"] == f"/staff/rankings/panel/{open_round.pk}/"
    assert open_round.invitations.filter(expert__username="ranking").exists()
    assert not Score.objects.filter(invitation__expert__username="ranking").exists()
