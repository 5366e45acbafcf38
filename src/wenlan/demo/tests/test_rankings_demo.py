import pytest

from wenlan.demo.network import PARTNERS
from wenlan.demo.rankings import rankings_demo_load
from wenlan.network.services import partner_upsert
from wenlan.rankings.models import FeedPart, FeedUpload, RankingRun, Work

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")


def test_rankings_demo_is_idempotent_and_ranks_the_last_month():
    xinhua = next(p for p in PARTNERS if p["code"] == "xinhua-hz")
    partner_upsert(**{k: v for k, v in xinhua.items() if k != "contacts"})
    first = rankings_demo_load(
        key_for=lambda n: f"wl_{n[:8]:0<8}_secret{n}", password_for=lambda n: "Wl-pass1234"
    )
    state = (
        FeedUpload.objects.count(),
        FeedPart.objects.filter(current=True).count(),
        RankingRun.objects.count(),
    )
    second = rankings_demo_load(
        key_for=lambda n: f"wl_{n[:8]:0<8}_secret{n}", password_for=lambda n: "Wl-pass1234"
    )
    assert first == second
    assert (
        FeedUpload.objects.count(),
        FeedPart.objects.filter(current=True).count(),
        RankingRun.objects.count(),
    ) == state
    assert {s["kind"] for s in first["ranking_sources"]} == {"loans", "sales", "titles"}
    run = RankingRun.objects.get()
    all_list = run.result["all"]
    assert len(all_list) == len({e["work_id"] for e in all_list}) >= 10
    # 平凡的世界 in three editions ranks once, with all its ISBNs.
    assert len(Work.objects.get(title="平凡的世界").isbns.all()) == 3
    assert "children" in run.result and all(e["sales_rank"] for e in all_list)
