import pytest

from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.robot import personal_data
from wenlan.robot.models import Conversation, Turn
from wenlan.robot.tests.factories import ConversationFactory, TurnFactory

pytestmark = pytest.mark.django_db


def test_a_reader_s_conversations_are_exported_and_erased():
    reader = ReaderFactory()
    mine = ConversationFactory(reader=reader)
    TurnFactory(conversation=mine, position=1, feedback="helpful", handover_question_id=7)
    visitor = ConversationFactory()
    TurnFactory(conversation=visitor, position=1)
    other = ConversationFactory(reader=ReaderFactory())
    TurnFactory(conversation=other, position=1, question="别人的问题")

    exported = personal_data.conversations_export(reader.pk)
    assert len(exported) == 1
    (turn,) = exported[0]["turns"]
    assert turn["question"] == "西湖是哪一年列入世界遗产名录的？"
    assert turn["feedback"] == "helpful"
    assert turn["handed_over_question_id"] == 7
    assert turn["sources"] == [{"title": "西湖", "url": "/kb/west-lake/#p1"}]

    personal_data.conversations_erase(reader.pk)
    assert not Conversation.objects.filter(reader=reader).exists()
    assert Turn.objects.count() == 2  # the visitor's and the other reader's stay
