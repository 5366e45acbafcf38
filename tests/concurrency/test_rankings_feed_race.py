"""Two uploads of the same source and period at once on PostgreSQL with real
threads: each locks the source's row before it makes its parts current, so the
second replaces the first whole and exactly one part is current — never both
uploads' rows, never none."""

import io

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.rankings.models import FeedPart, FeedUpload
from wenlan.rankings.services import feed_upload
from wenlan.rankings.tests.factories import FeedSourceFactory, loans_csv, ranked_world

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only(settings, tmp_path):
    skip_unless_postgres()
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")


def test_two_uploads_of_one_period_leave_exactly_one_current():
    source = FeedSourceFactory()
    files = [loans_csv(ranked_world()), loans_csv(ranked_world()[:4])]
    outcome = race(
        2,
        lambda n: feed_upload(
            actor=SYSTEM,
            source_code=source.code,
            stream=io.BytesIO(files[n]),
            file_name=f"upload-{n}.csv",
        ),
    )
    reports = outcome.results
    assert sorted(r.accepted for r in reports) == [4, 11]
    current = list(FeedPart.objects.filter(current=True))
    assert len(current) == 1
    last = FeedUpload.objects.order_by("-pk").first()
    assert current[0].upload_id == last.pk
    # The later upload replaced the earlier one's rows, whichever came first.
    assert sorted(r.replaced for r in reports) == [0, 11 if last.accepted == 4 else 4]
