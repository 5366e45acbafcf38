import datetime as dt

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.core.models import AuditEntry
from wenlan.rankings.models import Candidate, ListEvent, ReadingList, Round, Score
from wenlan.rankings.panel.errors import (
    ChairInvalidError,
    ConflictOfInterestError,
    ListStateError,
    RoundClosedError,
    RoundNotOpenError,
    ScoreInvalidError,
    SelectionInvalidError,
)
from wenlan.rankings.panel.selectors.staff import list_page, round_page, works_search
from wenlan.rankings.panel.services.lists import candidate_nominate, list_create
from wenlan.rankings.panel.services.publication import Pick, list_finalise, list_publish
from wenlan.rankings.panel.services.rounds import conflict_declare, round_close, score_set
from wenlan.rankings.tests.factories import open_list, panel_people, works_with_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return panel_people()


def _round(reading_list) -> Round:
    return Round.objects.get(reading_list=reading_list)


def test_a_list_draws_its_candidates_from_the_ranking(people):
    works, run = works_with_run("2026-03")
    reading_list = list_create(
        actor=people["manager"],
        occasion="world_book_day",
        date=dt.date(2026, 4, 23),
        theme_zh="阅读的力量",
        theme_en="The power of reading",
        size=2,
        period="2026-03",
        category="all",
        chair_id=people["chair"].pk,
    )
    assert reading_list.slug == "2026-world-book-day"
    assert reading_list.ranking_run == run
    ranks = list(
        Candidate.objects.filter(reading_list=reading_list).values_list("ranking_rank", flat=True)
    )
    assert sorted(ranks) == [1, 2, 3, 4]  # twice the size by default
    assert _round(reading_list).status == "pending"
    assert ListEvent.objects.get(reading_list=reading_list).action == "created"
    assert AuditEntry.objects.filter(subject_type="rankings.readinglist").count() == 1


def test_only_a_manager_creates_and_the_chair_must_review(people):
    works_with_run("2026-03")
    arguments = {
        "occasion": "holiday",
        "date": dt.date(2026, 10, 1),
        "theme_zh": "国庆",
        "theme_en": "National Day",
        "size": 2,
        "period": "2026-03",
        "category": "all",
    }
    with pytest.raises(PermissionDeniedError):
        list_create(actor=people["chair"], chair_id=people["chair"].pk, **arguments)
    reader_ish = staff_with_role(Role.THINKTANK_EDITOR)
    with pytest.raises(ChairInvalidError):
        list_create(actor=people["manager"], chair_id=reader_ish.pk, **arguments)
    assert not ReadingList.objects.exists()


def test_scores_are_hidden_until_the_round_closes(people):
    reading_list, _works = open_list(people)
    round_ = _round(reading_list)
    first = Candidate.objects.filter(reading_list=reading_list).order_by("ranking_rank").first()
    a, b = people["experts"][:2]
    score_set(actor=a, round_id=round_.pk, candidate_id=first.pk, value=9, comment="好")
    page_b = round_page(actor=b, round_id=round_.pk)
    row = next(r for r in page_b.rows if r.candidate.pk == first.pk)
    assert row.my_score is None
    assert row.candidate.score_mean is None and row.candidate.score_count == 0
    staff_page = list_page(actor=people["manager"], list_id=reading_list.pk)
    counted = next(r for r in staff_page.rows if r.candidate.pk == first.pk)
    assert counted.scored == 1 and counted.candidate.score_mean is None
    assert all("9" not in e.detail for e in staff_page.events)
    round_close(actor=people["chair"], list_id=reading_list.pk)
    page_b = round_page(actor=b, round_id=round_.pk)
    row = next(r for r in page_b.rows if r.candidate.pk == first.pk)
    assert (row.candidate.score_mean, row.candidate.score_count) == (9.0, 1)


def test_the_trimmed_mean_drops_the_highest_and_lowest_from_five_scores():
    people = panel_people(experts=5)
    reading_list, _works = open_list(people)
    round_ = _round(reading_list)
    candidates = list(Candidate.objects.filter(reading_list=reading_list).order_by("ranking_rank"))
    for expert, value in zip(people["experts"], [1, 6, 7, 8, 10], strict=True):
        score_set(actor=expert, round_id=round_.pk, candidate_id=candidates[0].pk, value=value)
    for expert, value in zip(people["experts"][:2], [9, 9], strict=True):
        score_set(actor=expert, round_id=round_.pk, candidate_id=candidates[1].pk, value=value)
    round_close(actor=people["manager"], list_id=reading_list.pk)
    first, second = (Candidate.objects.get(pk=c.pk) for c in candidates[:2])
    assert (first.score_mean, first.score_min, first.score_max, first.score_count) == (
        7.0,
        1,
        10,
        5,
    )
    assert first.score_std == 3.0067  # population std of all five
    assert (second.score_mean, second.score_std) == (9.0, 0.0)
    assert (second.result_rank, first.result_rank) == (1, 2)
    unscored = Candidate.objects.get(pk=candidates[2].pk)
    assert unscored.score_mean is None and unscored.result_rank == 3  # by ranking after


def test_a_conflicted_expert_cannot_score_and_a_late_declaration_withdraws(people):
    reading_list, _works = open_list(people)
    round_ = _round(reading_list)
    candidate = Candidate.objects.filter(reading_list=reading_list).first()
    expert = people["experts"][0]
    score_set(actor=expert, round_id=round_.pk, candidate_id=candidate.pk, value=8)
    conflict_declare(actor=expert, round_id=round_.pk, candidate_id=candidate.pk, note="我是编辑")
    assert not Score.objects.exists()
    with pytest.raises(ConflictOfInterestError):
        score_set(actor=expert, round_id=round_.pk, candidate_id=candidate.pk, value=8)
    assert not Score.objects.exists()
    assert ListEvent.objects.filter(action="conflict").count() == 1


def test_scores_outside_1_to_10_before_opening_or_uninvited_are_refused(people):
    works_with_run("2026-03")
    reading_list = list_create(
        actor=people["manager"],
        occasion="topical",
        date=dt.date(2026, 6, 1),
        theme_zh="童书",
        theme_en="Children",
        size=2,
        period="2026-03",
        category="all",
        chair_id=people["chair"].pk,
    )
    from wenlan.rankings.panel.services.lists import expert_invite

    expert = people["experts"][0]
    expert_invite(actor=people["chair"], list_id=reading_list.pk, expert_id=expert.pk)
    round_ = _round(reading_list)
    candidate = Candidate.objects.filter(reading_list=reading_list).first()
    with pytest.raises(RoundNotOpenError):
        score_set(actor=expert, round_id=round_.pk, candidate_id=candidate.pk, value=5)
    from wenlan.rankings.panel.services.rounds import round_open

    round_open(actor=people["chair"], list_id=reading_list.pk)
    for bad in (0, 11):
        with pytest.raises(ScoreInvalidError):
            score_set(actor=expert, round_id=round_.pk, candidate_id=candidate.pk, value=bad)
    with pytest.raises(NotFoundError):  # not invited
        score_set(
            actor=people["experts"][1], round_id=round_.pk, candidate_id=candidate.pk, value=5
        )
    with pytest.raises(PermissionDeniedError):
        score_set(
            actor=staff_with_role(Role.THINKTANK_EDITOR),
            round_id=round_.pk,
            candidate_id=candidate.pk,
            value=5,
        )
    assert not Score.objects.exists()


def test_an_expert_nominates_by_isbn_search(people):
    reading_list, _works = open_list(people, candidates=2)
    from wenlan.rankings.models import Work, WorkIsbn

    work = Work.objects.create(key="红楼梦|曹雪芹", title="红楼梦", author="曹雪芹")
    WorkIsbn.objects.create(work=work, isbn="9787020002207")
    expert = people["experts"][0]
    assert works_search(actor=expert, query="978-7-02-000220-7") == [work]
    assert works_search(actor=expert, query="红楼") == [work]
    candidate = candidate_nominate(
        actor=expert, round_id=_round(reading_list).pk, work_id=work.pk, reason="经典"
    )
    assert (candidate.origin, candidate.nominated_by, candidate.reason) == (
        "nomination",
        expert,
        "经典",
    )
    from wenlan.rankings.panel.errors import CandidateExistsError

    with pytest.raises(CandidateExistsError):
        candidate_nominate(
            actor=expert, round_id=_round(reading_list).pk, work_id=work.pk, reason="再提"
        )


def test_after_close_no_score_and_the_chair_finalises_and_publishes(people):
    reading_list, _works = open_list(people, size=2)
    round_ = _round(reading_list)
    candidates = list(Candidate.objects.filter(reading_list=reading_list).order_by("ranking_rank"))
    for expert in people["experts"]:
        score_set(actor=expert, round_id=round_.pk, candidate_id=candidates[2].pk, value=9)
        score_set(actor=expert, round_id=round_.pk, candidate_id=candidates[0].pk, value=7)
    with pytest.raises(ListStateError):
        list_finalise(actor=people["chair"], list_id=reading_list.pk, picks=[])
    round_close(actor=people["chair"], list_id=reading_list.pk)
    with pytest.raises(RoundClosedError):
        score_set(
            actor=people["experts"][0], round_id=round_.pk, candidate_id=candidates[1].pk, value=3
        )
    other_expert = people["experts"][0]
    with pytest.raises(PermissionDeniedError):
        list_finalise(actor=other_expert, list_id=reading_list.pk, picks=[])
    with pytest.raises(SelectionInvalidError):
        list_finalise(
            actor=people["chair"],
            list_id=reading_list.pk,
            picks=[Pick(c.pk, "荐", "Rec") for c in candidates[:3]],  # more than the size
        )
    picks = [
        Pick(candidates[2].pk, "感人至深", "Deeply moving"),
        Pick(candidates[0].pk, "必读", ""),
    ]
    list_finalise(actor=people["chair"], list_id=reading_list.pk, picks=picks)
    with pytest.raises(ListStateError):  # an English recommendation is missing
        list_publish(actor=people["chair"], list_id=reading_list.pk)
    picks[1] = Pick(candidates[0].pk, "必读", "A must")
    list_finalise(actor=people["chair"], list_id=reading_list.pk, picks=picks)
    published = list_publish(actor=people["chair"], list_id=reading_list.pk)
    assert published.status == "published" and published.published_at
    chosen = Candidate.objects.filter(reading_list=reading_list, position__isnull=False)
    assert [(c.pk, c.position) for c in chosen.order_by("position")] == [
        (candidates[2].pk, 1),
        (candidates[0].pk, 2),
    ]
    with pytest.raises(ListStateError):
        list_finalise(actor=people["chair"], list_id=reading_list.pk, picks=picks)
    actions = list(
        ListEvent.objects.filter(reading_list=reading_list).values_list("action", flat=True)
    )
    assert actions[0] == "created" and actions[-3:] == ["finalised", "finalised", "published"]
    assert "round_closed" in actions and actions.count("scored") == 6


def test_an_experts_panel_work_is_in_their_export(people):
    from wenlan.patrons.tests.factories import ReaderFactory
    from wenlan.rankings.personal_data import rankings_work_export

    expert = people["experts"][0]
    reader = ReaderFactory(user=expert)
    reading_list, _works = open_list(people)
    round_ = _round(reading_list)
    first, second = Candidate.objects.filter(reading_list=reading_list).order_by("pk")[:2]
    score_set(actor=expert, round_id=round_.pk, candidate_id=first.pk, value=6, comment="尚可")
    conflict_declare(actor=expert, round_id=round_.pk, candidate_id=second.pk, note="同事")
    exported = rankings_work_export(reader.pk)
    assert exported["panel_scores"] == [{"candidate_id": first.pk, "value": 6, "comment": "尚可"}]
    assert [c["note"] for c in exported["panel_conflicts"]] == ["同事"]
    assert [i["list"] for i in exported["panel_invitations"]] == [reading_list.slug]
    assert {e["action"] for e in exported["panel_events"]} == {"scored", "conflict"}
    assert rankings_work_export(ReaderFactory().pk)["panel_scores"] == []
