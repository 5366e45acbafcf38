import factory

from wenlan.core import clock
from wenlan.robot import policies
from wenlan.robot.enums import Intent
from wenlan.robot.models import Conversation, Turn


class ConversationFactory(factory.django.DjangoModelFactory):
    """A visitor's conversation (give `reader=` for a reader's)."""

    class Meta:
        model = Conversation

    reader = None
    visitor_key = factory.LazyAttribute(
        lambda c: "" if c.reader else policies.visitor_key(f"session-{id(c)}")
    )
    language = "zh-hans"
    started_at = factory.LazyFunction(clock.now)


class TurnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Turn

    conversation = factory.SubFactory(ConversationFactory)
    position = factory.Sequence(lambda n: n + 1)
    question = "西湖是哪一年列入世界遗产名录的？"
    answer = "西湖2011年列入世界遗产名录。"
    sources = factory.LazyFunction(
        lambda: [{"title": "西湖", "url": "/kb/west-lake/#p1", "excerpt": "", "ref": "west-lake#1"}]
    )
    confidence = 0.8
    answered = True
    intent = Intent.KNOWLEDGE
    created_at = factory.LazyFunction(clock.now)
