"""A few conversations with the reference robot, some rated, so that a newcomer
finds the librarians' review (`/staff/robot/`) with something in it. Asked through
the robot itself, as one demo visitor; once only (the visitor's conversation is
the mark)."""

from django.contrib.auth.models import AnonymousUser

from wenlan.robot import policies
from wenlan.robot.models import Conversation
from wenlan.robot.services.answer import robot_answer
from wenlan.robot.services.turns import turn_feedback

DEMO_VISITOR = policies.visitor_key("wenlan-demo-visitor")

# (question, language, rating when answered: True helpful, False unhelpful, None none)
QUESTIONS = [
    ("西湖是哪一年列入世界遗产名录的？", "zh-hans", True),
    ("杭州图书馆现在开着吗？", "zh-hans", None),
    ("Who is the Su Causeway named after?", "en", False),
    ("明天杭州会下雨吗？", "zh-hans", None),
    ("Where can I park my car near the central library?", "en", None),
    ("借书证丢了怎么办？", "zh-hans", False),
]


def robot_demo_load() -> dict:
    if Conversation.objects.filter(visitor_key=DEMO_VISITOR).exists():
        return {"robot_turns": 0}
    actor = AnonymousUser()
    conversation_id = None
    turns = 0
    for question, language, rating in QUESTIONS:
        answer = robot_answer(
            actor,
            question=question,
            language=language,
            conversation_id=conversation_id,
            visitor_key=DEMO_VISITOR,
        )
        conversation_id = answer.conversation_id
        turns += 1
        if answer.answered and rating is not None:
            turn_feedback(actor, turn_id=answer.turn_id, helpful=rating, visitor_key=DEMO_VISITOR)
    return {"robot_turns": turns}
