"""Experts scoring while the chair closes the round, on PostgreSQL with real
threads: every score is either in before the close, and counted in the results,
or refused as after the close; closing twice at once closes once."""

import pytest

from wenlan.core.testing import race_all, race_marks, skip_unless_postgres
from wenlan.rankings.models import Candidate, ListEvent, Round, Score
from wenlan.rankings.panel.services.rounds import round_close, score_set
from wenlan.rankings.tests.factories import open_list, panel_people

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_scores_racing_the_close_are_counted_or_refused():
    people = panel_people(experts=6)
    reading_list, _works = open_list(people, candidates=2)
    round_ = Round.objects.get(reading_list=reading_list)
    candidate = Candidate.objects.filter(reading_list=reading_list).order_by("pk").first()
    attempts = [
        lambda e=e: score_set(actor=e, round_id=round_.pk, candidate_id=candidate.pk, value=8)
        for e in people["experts"]
    ]
    attempts.insert(3, lambda: round_close(actor=people["chair"], list_id=reading_list.pk))
    outcome = race_all(attempts)
    refusals = [e for e in outcome.losses]
    assert {e.code for e in refusals} <= {"ranking_round_closed"}
    scored = len(outcome.wins) - 1  # the close is one of the wins
    assert scored + len(refusals) == 6
    assert Score.objects.filter(candidate=candidate).count() == scored
    candidate.refresh_from_db()
    assert candidate.score_count == scored  # the result counts exactly the scores let in
    assert ListEvent.objects.filter(action="round_closed").count() == 1


def test_closing_twice_at_once_closes_once():
    people = panel_people(experts=1)
    reading_list, _works = open_list(people, candidates=2)
    outcome = race_all(
        [lambda: round_close(actor=people["chair"], list_id=reading_list.pk)] * 2
        + [lambda: round_close(actor=people["manager"], list_id=reading_list.pk)] * 2
    )
    assert len(outcome.wins) == 1
    assert {e.code for e in outcome.losses} == {"ranking_round_closed"}
    assert ListEvent.objects.filter(action="round_closed").count() == 1
