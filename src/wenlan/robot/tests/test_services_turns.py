import pytest
from django.contrib.auth.models import AnonymousUser

from wenlan.core.errors import WenlanError
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.reference.models import Question
from wenlan.robot import policies
from wenlan.robot.errors import FeedbackNotAllowedError, TurnNotFoundError
from wenlan.robot.models import Turn
from wenlan.robot.services.answer import robot_answer
from wenlan.robot.services.turns import turn_feedback, turn_hand_over

pytestmark = pytest.mark.django_db

VISITOR = policies.visitor_key("session-1")


def ask(question, *, actor=None, visitor_key=VISITOR, **kwargs):
    return robot_answer(
        actor or AnonymousUser(), question=question, visitor_key=visitor_key, **kwargs
    )


def test_a_visitor_hands_a_question_over_with_the_conversation(kb):
    first = ask("西湖是哪一年列入世界遗产的？")
    unanswered = ask("明天杭州会下雨吗？", conversation_id=first.conversation_id)
    result = turn_hand_over(
        AnonymousUser(),
        turn_id=unanswered.turn_id,
        visitor_key=VISITOR,
        contact_email="visitor@example.org",
        contact_name="王女士",
    )
    question = Question.objects.get()
    assert result.question_id == question.pk
    assert result.url == question.get_absolute_url()
    assert question.text == "明天杭州会下雨吗？"
    assert question.channel == "robot"
    assert question.contact_email == "visitor@example.org"
    assert question.language == "zh-hans"
    assert "读者: 西湖是哪一年列入世界遗产的？" in question.transcript
    assert "/kb/west-lake/#p1" in question.transcript
    assert "读者: 明天杭州会下雨吗？" in question.transcript
    turn = Turn.objects.get(pk=unanswered.turn_id)
    assert (turn.handover_question_id, turn.handover_url) == (question.pk, result.url)


def test_handing_over_twice_makes_one_question(kb):
    turn_id = ask("明天杭州会下雨吗？").turn_id
    first = turn_hand_over(
        AnonymousUser(), turn_id=turn_id, visitor_key=VISITOR, contact_email="v@example.org"
    )
    second = turn_hand_over(
        AnonymousUser(), turn_id=turn_id, visitor_key=VISITOR, contact_email="v@example.org"
    )
    assert first.question_id == second.question_id
    assert Question.objects.count() == 1


def test_a_visitor_without_an_email_is_told_and_nothing_is_made(kb):
    turn_id = ask("明天杭州会下雨吗？").turn_id
    with pytest.raises(WenlanError):
        turn_hand_over(AnonymousUser(), turn_id=turn_id, visitor_key=VISITOR)
    assert not Question.objects.exists()
    assert Turn.objects.get(pk=turn_id).handover_question_id is None


def test_a_reader_hands_over_as_themselves(kb):
    reader = ReaderFactory()
    turn_id = ask("明天杭州会下雨吗？", actor=reader.user, visitor_key="").turn_id
    result = turn_hand_over(reader.user, turn_id=turn_id)
    question = Question.objects.get()
    assert question.asker == reader
    assert result.url == f"/me/questions/{question.pk}/"


def test_only_the_owner_hands_over_or_rates(kb):
    turn_id = ask("西湖是哪一年列入世界遗产的？").turn_id
    stranger = policies.visitor_key("session-2")
    with pytest.raises(TurnNotFoundError):
        turn_hand_over(
            AnonymousUser(), turn_id=turn_id, visitor_key=stranger, contact_email="x@example.org"
        )
    with pytest.raises(TurnNotFoundError):
        turn_feedback(AnonymousUser(), turn_id=turn_id, visitor_key=stranger, helpful=False)
    with pytest.raises(TurnNotFoundError):
        turn_feedback(ReaderFactory().user, turn_id=turn_id, helpful=False)
    assert not Question.objects.exists()
    assert Turn.objects.get(pk=turn_id).feedback == ""


def test_an_empty_message_is_not_handed_over(kb):
    turn_id = ask("   ").turn_id
    with pytest.raises(FeedbackNotAllowedError):
        turn_hand_over(
            AnonymousUser(), turn_id=turn_id, visitor_key=VISITOR, contact_email="v@example.org"
        )
    assert not Question.objects.exists()


def test_feedback_is_kept_with_its_time(kb):
    turn_id = ask("西湖是哪一年列入世界遗产的？").turn_id
    turn = turn_feedback(AnonymousUser(), turn_id=turn_id, visitor_key=VISITOR, helpful=True)
    assert turn.feedback == "helpful" and turn.feedback_at is not None
