"""What the asker does with an answer: rate it (helpful or not), or hand the
question to a librarian with the conversation attached. Only the conversation's
owner may do either: the signed-in reader, or the visitor's session."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.patrons.selectors import reader_of
from wenlan.reference.enums import QuestionChannel
from wenlan.reference.services.questions import question_ask
from wenlan.robot import locks, policies
from wenlan.robot.enums import Feedback, Intent
from wenlan.robot.errors import FeedbackNotAllowedError, TurnNotFoundError
from wenlan.robot.models import Turn


def _owns(turn: Turn, *, reader_id: int | None, visitor_key: str) -> bool:
    conversation = turn.conversation
    if reader_id is not None:
        return conversation.reader_id == reader_id
    return bool(visitor_key) and conversation.visitor_key == visitor_key


def _locked_own_turn(actor, *, turn_id: int, visitor_key: str) -> Turn:
    reader = reader_of(actor)
    turn = locks.turn_lock(turn_id=turn_id)
    if turn is None or not _owns(
        turn, reader_id=reader.pk if reader else None, visitor_key=visitor_key
    ):
        raise TurnNotFoundError()
    return turn


@transaction.atomic
def turn_feedback(actor, *, turn_id: int, helpful: bool, visitor_key: str = "") -> Turn:
    """The asker says whether an answer helped; saying it again changes it. A turn
    the robot did not answer (it offered a librarian instead) is not rated."""
    turn = _locked_own_turn(actor, turn_id=turn_id, visitor_key=visitor_key)
    if not turn.answered:
        raise FeedbackNotAllowedError()
    turn.feedback = Feedback.HELPFUL if helpful else Feedback.UNHELPFUL
    turn.feedback_at = clock.now()
    turn.save(update_fields=["feedback", "feedback_at"])
    return turn


def conversation_transcript(*, conversation_id: int, up_to_position: int) -> str:
    """The conversation up to a turn, as plain text, in the conversation's language."""
    turns = Turn.objects.filter(
        conversation_id=conversation_id, position__lte=up_to_position
    ).order_by("position")
    lines = [
        policies.TranscriptLine(
            question=turn.question,
            answer=turn.answer,
            sources=tuple(
                f"{source.get('title', '')} {source.get('url', '')}".strip()
                for source in turn.sources
            ),
        )
        for turn in turns
    ]
    return policies.transcript_text(lines, asked=_("读者"), answered=_("机器人"))


@dataclass(frozen=True)
class HandOver:
    turn: Turn
    question_id: int
    url: str  # where the asker follows the question


@transaction.atomic
def turn_hand_over(
    actor,
    *,
    turn_id: int,
    visitor_key: str = "",
    contact_email: str = "",
    contact_name: str = "",
) -> HandOver:
    """The asker passes the question to a librarian: reference's `question_ask`
    (channel "robot", the conversation so far as its transcript). Under the turn's
    lock, so a double click hands it over once: the second time answers with the
    question made the first time. A visitor gives an e-mail address, which
    `question_ask` requires of anyone not signed in."""
    turn = _locked_own_turn(actor, turn_id=turn_id, visitor_key=visitor_key)
    if turn.intent in (Intent.EMPTY, Intent.REFUSED):
        raise FeedbackNotAllowedError(_("这条消息不能转给馆员，请先提出您的问题。"))
    if turn.handover_question_id is None:
        conversation = turn.conversation
        with translation.override(conversation.language):
            transcript = conversation_transcript(
                conversation_id=conversation.pk, up_to_position=turn.position
            )
        question = question_ask(
            actor,
            text=turn.question,
            language=conversation.language,
            contact_name=contact_name.strip(),
            contact_email=contact_email.strip(),
            transcript=transcript,
            channel=QuestionChannel.ROBOT,
        )
        turn.handover_question_id = question.pk
        turn.handover_url = question.get_absolute_url()
        turn.save(update_fields=["handover_question_id", "handover_url"])
    return HandOver(turn=turn, question_id=turn.handover_question_id, url=turn.handover_url)
