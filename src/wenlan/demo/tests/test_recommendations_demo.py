import json

import pytest
from django.core.management import call_command

from wenlan.circulation.selectors.readers import reader_get_by_card
from wenlan.recommendations.models import Recommendation, Segment, TrainingRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WENLAN_INDEX_DIR = tmp_path / "index"
    return tmp_path


def test_demo_readers_see_recommendations_with_reasons(var_dir, client):
    call_command("demo")
    recs = json.loads((var_dir / "demo-credentials.json").read_text())["recommendations"]
    assert TrainingRun.objects.filter(status="done").exists()
    assert Segment.objects.count() == 9
    reader = reader_get_by_card(card_number=recs["readers_opted_in"][0])
    assert reader.allow_recommendations
    assert Recommendation.objects.filter(reader=reader).exists()
    client.force_login(reader.user)
    page = client.get(recs["reader_page"])
    assert page.status_code == 200 and b'id="recs-books"' in page.content
