"""Chief editors issuing at once on PostgreSQL with real threads: the series' row
lock gives every issue its own number; one issue issued twice at once is issued once."""

import pytest

from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.thinktank.models import Bulletin, BulletinEvent
from wenlan.thinktank.services import bulletins
from wenlan.thinktank.tests.factories import BulletinFactory, SeriesFactory, chief

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_six_issues_of_one_series_issued_at_once_get_six_numbers():
    boss = chief()
    series = SeriesFactory()
    approved = [BulletinFactory(series=series, status="approved") for _ in range(6)]
    wins, losses = race(
        6, lambda n: bulletins.bulletin_issue(actor=boss, bulletin_id=approved[n].pk)
    )
    assert len(wins) == 6 and not losses
    numbers = sorted(Bulletin.objects.filter(series=series).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_one_issue_issued_twice_at_once_is_issued_once():
    boss = chief()
    bulletin = BulletinFactory(status="approved")
    wins, losses = race(4, lambda n: bulletins.bulletin_issue(actor=boss, bulletin_id=bulletin.pk))
    assert len(wins) == 1 and len(losses) == 3
    assert {e.code for e in losses} == {"bulletin_state"}
    bulletin.refresh_from_db()
    assert (bulletin.status, bulletin.number) == ("issued", 1)
    assert BulletinEvent.objects.filter(bulletin=bulletin, action="issued").count() == 1
