"""Reference races on PostgreSQL with real threads: librarians claiming one new
question at once, a partner's answer racing a second referral's answer, and a
librarian's answer racing a referral."""

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.testing import race, race_all, race_marks, skip_unless_postgres
from wenlan.network.tests.factories import PartnerFactory
from wenlan.reference.models import Question, Referral
from wenlan.reference.services.questions import question_answer, question_assign
from wenlan.reference.services.referrals import question_refer, referral_answer
from wenlan.reference.tests.factories import (
    AllianceMemberFactory,
    QuestionFactory,
    partner_librarian,
)

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def _librarians(n: int):
    return [staff_with_role(Role.REFERENCE_LIBRARIAN, username=f"ref{i}") for i in range(n)]


def test_two_librarians_claiming_one_question_one_wins():
    question = QuestionFactory()
    librarians = _librarians(2)
    wins, losses = race(2, lambda n: question_assign(actor=librarians[n], question_id=question.pk))
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == "question_taken"
    question.refresh_from_db()
    assert question.status == "assigned"
    assert question.assignee_id == wins[0].assignee_id


def test_four_librarians_at_once():
    question = QuestionFactory()
    librarians = _librarians(4)
    wins, losses = race(4, lambda n: question_assign(actor=librarians[n], question_id=question.pk))
    assert len(wins) == 1 and {e.code for e in losses} == {"question_taken"}
    assert Question.objects.get(pk=question.pk).assignee_id == wins[0].assignee_id


def test_an_answer_racing_a_referral_one_wins():
    partner = PartnerFactory()
    AllianceMemberFactory(partner=partner)
    question = QuestionFactory()
    one, two = _librarians(2)
    outcome = race_all(
        [
            lambda: question_answer(actor=one, question_id=question.pk, answer="答复"),
            lambda: question_refer(actor=two, question_id=question.pk, partner_id=partner.pk),
        ]
    )
    assert len(outcome.wins) == 1 and len(outcome.losses) == 1
    question.refresh_from_db()
    if isinstance(outcome.wins[0], Referral):
        assert question.status == "referred" and question.answer == ""
    else:
        assert question.status == "answered" and Referral.objects.count() == 0


def test_the_partner_and_a_librarian_answering_one_referral_once():
    partner = PartnerFactory()
    AllianceMemberFactory(partner=partner)
    (librarian,) = _librarians(1)
    question = QuestionFactory()
    referral = question_refer(actor=librarian, question_id=question.pk, partner_id=partner.pk)
    partner_staff = partner_librarian(partner, username="zj")
    outcome = race_all(
        [
            lambda: referral_answer(actor=partner_staff, referral_id=referral.pk, answer="甲"),
            lambda: referral_answer(actor=librarian, referral_id=referral.pk, answer="乙"),
        ]
    )
    assert len(outcome.wins) == 1 and outcome.losses[0].code == "referral_state"
    referral.refresh_from_db()
    assert referral.answer == outcome.wins[0].answer
    assert Question.objects.get(pk=question.pk).status == "assigned"
