"""The robot's races on PostgreSQL with real threads: a hand-over pressed twice at
once makes one question, and questions asked at once in one conversation take
positions one after the other."""

import pytest
from django.contrib.auth.models import AnonymousUser

from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.reference.models import Question
from wenlan.robot import policies
from wenlan.robot.models import Turn
from wenlan.robot.services.answer import robot_answer
from wenlan.robot.services.turns import turn_hand_over
from wenlan.robot.tests.factories import ConversationFactory, TurnFactory

pytestmark = race_marks

VISITOR = policies.visitor_key("race-session")


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_a_hand_over_pressed_twice_at_once_makes_one_question():
    conversation = ConversationFactory(visitor_key=VISITOR)
    turn = TurnFactory(conversation=conversation, position=1, answered=False, sources=[])
    wins, losses = race(
        3,
        lambda n: turn_hand_over(
            AnonymousUser(), turn_id=turn.pk, visitor_key=VISITOR, contact_email="v@example.org"
        ),
    )
    assert len(wins) == 3 and losses == []
    assert Question.objects.count() == 1
    assert {win.question_id for win in wins} == {Question.objects.get().pk}


def test_questions_asked_at_once_in_one_conversation_take_their_own_positions():
    conversation = ConversationFactory(visitor_key=VISITOR)
    wins, losses = race(
        4,
        lambda n: robot_answer(
            AnonymousUser(),
            question="",
            conversation_id=conversation.pk,
            visitor_key=VISITOR,
        ),
    )
    assert len(wins) == 4 and losses == []
    positions = sorted(
        Turn.objects.filter(conversation=conversation).values_list("position", flat=True)
    )
    assert positions == [1, 2, 3, 4]
