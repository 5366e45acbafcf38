"""A reader's conversations with the robot (core/personal_data.py): every turn's
question, answer, sources named, the reader's rating and the question handed to a
librarian. Erasure deletes the conversations; a question handed over stays with
reference, which has its own section. A visitor's conversations are tied to no
reader (only to a hash of a browser session) and are not exported."""

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.robot.models import Conversation, Turn


def conversations_export(reader_id: int) -> list[dict]:
    conversations = Conversation.objects.filter(reader_id=reader_id).order_by("started_at", "pk")
    turns: dict[int, list[Turn]] = {}
    for turn in Turn.objects.filter(conversation__reader_id=reader_id).order_by("position"):
        turns.setdefault(turn.conversation_id, []).append(turn)
    return [
        {
            "started_at": iso(conversation.started_at),
            "language": conversation.language,
            "turns": [
                {
                    "asked_at": iso(turn.created_at),
                    "question": turn.question,
                    "answer": turn.answer,
                    "sources": [
                        {"title": s.get("title", ""), "url": s.get("url", "")} for s in turn.sources
                    ],
                    "answered": turn.answered,
                    "intent": turn.intent,
                    "feedback": turn.feedback or None,
                    "handed_over_question_id": turn.handover_question_id,
                }
                for turn in turns.get(conversation.pk, [])
            ],
        }
        for conversation in conversations
    ]


def conversations_erase(reader_id: int) -> None:
    Conversation.objects.filter(reader_id=reader_id).delete()


SECTIONS = (
    PersonalDataSection(
        name="robot_conversations",
        models=("robot.Conversation",),
        export=conversations_export,
        erase=conversations_erase,
    ),
)
