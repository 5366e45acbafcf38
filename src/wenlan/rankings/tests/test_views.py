import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.services import apikey_create
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.rankings.models import FeedUpload, RankingRun, Work
from wenlan.rankings.tests.factories import FeedSourceFactory, loans_csv, ranked_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")


def test_a_source_uploads_on_the_page_and_reads_its_report(client):
    source = FeedSourceFactory()
    FeedSourceFactory()  # another partner's: not offered
    client.force_login(staff_with_role(Role.RANKING_SOURCE, partner=source.partner))
    rows = ranked_world() + [("L9", "P", "2026-01", "9787506365438", "<b>坏</b>", "某", 1, 1, "I")]
    response = client.post(
        reverse("rankings:feeds"),
        {"source": source.code, "file": SimpleUploadedFile("f.csv", loans_csv(rows))},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "接受 11 行，拒收 1 行" in text and "ISBN 校验位错误" in text
    assert "<b>坏</b>" not in text
    assert len(response.context["form"].fields["source"].choices) == 1
    assert FeedUpload.objects.get().accepted == 11


def test_a_manager_previews_then_saves_and_opens_a_candidate(client):
    source = FeedSourceFactory()
    from io import BytesIO

    from wenlan.rankings.services import feed_upload

    feed_upload(
        actor=SYSTEM,
        source_code=source.code,
        stream=BytesIO(loans_csv(ranked_world())),
        file_name="f.csv",
    )
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    form = {
        "period": "2026-01",
        "category": "all",
        "top": 10,
        "w_loans": 1,
        "w_breadth": 0,
        "w_growth": 0,
        "w_sales": 0,
        "w_recency": 0,
    }
    preview = client.post(reverse("rankings:preview"), form)
    assert preview.status_code == 200 and "活着" in preview.content.decode()
    assert not RankingRun.objects.exists()
    saved = client.post(reverse("rankings:save"), form)
    run = RankingRun.objects.get()
    assert saved.status_code == 302 and run.weights["breadth"] == 0
    work = Work.objects.get(title="活着")
    page = client.get(reverse("rankings:candidate", args=["2026-01", work.pk]))
    assert page.status_code == 200 and "得分构成" in page.content.decode()


def test_a_bad_period_is_a_form_error(client):
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    form = {
        "period": "2099-01",
        "category": "all",
        "top": 10,
        "w_loans": 1,
        "w_breadth": 0,
        "w_growth": 0,
        "w_sales": 0,
        "w_recency": 0,
    }
    response = client.post(reverse("rankings:save"), form)
    assert response.status_code == 200 and "期间格式" in response.content.decode()


def test_api_feed_with_the_sources_key(client):
    source = FeedSourceFactory()
    user = staff_with_role(Role.RANKING_SOURCE, partner=source.partner)
    _key, key = apikey_create(user=user, name="feed", scopes=[Perm.RANKING_FEED])
    response = client.post(
        "/api/rankings/feeds/loans",
        {"file": SimpleUploadedFile("f.csv", loans_csv(ranked_world()))},
        headers={"X-API-Key": key},
    )
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 11
    wrong_kind = client.post(
        "/api/rankings/feeds/sales",
        {"file": SimpleUploadedFile("f.csv", loans_csv(ranked_world()))},
        headers={"X-API-Key": key},
    )
    assert wrong_kind.status_code == 422
    assert FeedUpload.objects.count() == 1
