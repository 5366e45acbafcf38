import pytest

from wenlan.circulation.selectors.readers import reader_get_by_card
from wenlan.recommendations.engine import MIN_ALS_READERS
from wenlan.recommendations.models import Recommendation, Segment, TrainingRun

pytestmark = pytest.mark.django_db


def test_demo_readers_see_recommendations_with_reasons(whole_demo, client):
    recs = whole_demo.credentials()["recommendations"]
    run = TrainingRun.objects.filter(status="done").latest("pk")
    # A third of the year's readers asked for recommendations: enough for the factor
    # model, so reasons say which of the reader's loans a book is like.
    assert recs["year_readers_opted_in"] == 133
    assert run.summary["als_seconds"] is not None
    assert run.summary["trained_readers"] >= MIN_ALS_READERS
    assert Segment.objects.count() == 9
    reader = reader_get_by_card(card_number=recs["readers_opted_in"][0])
    assert reader.allow_recommendations
    assert Recommendation.objects.filter(reader=reader, reason="borrowed").exists()
    client.force_login(reader.user)
    page = client.get(recs["reader_page"])
    assert page.status_code == 200 and b'id="recs-books"' in page.content
