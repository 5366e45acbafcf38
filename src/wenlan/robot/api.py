"""`/api/reference/ask...`: the robot for the chat box and for apps. Anyone may
ask, signed in or not: a visitor's conversation is their session's (a session is
started when there is none), a signed-in caller's writes need the CSRF token like
any session write."""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from wenlan.core.ids import RowId
from wenlan.robot import policies
from wenlan.robot.schemas import (
    AskIn,
    AskOut,
    FeedbackIn,
    FeedbackOut,
    HandOverIn,
    HandOverOut,
)
from wenlan.robot.services.answer import robot_answer
from wenlan.robot.services.turns import turn_feedback, turn_hand_over

router = Router(tags=["robot"])


def _actor(request: HttpRequest):
    """The signed-in user (their session write checked for its CSRF token, as
    ninja's session auth does), or the anonymous visitor."""
    if request.user.is_authenticated and check_csrf(request):
        raise HttpError(403, "CSRF check failed")
    return request.user


def _visitor_key(request: HttpRequest) -> str:
    session = request.session
    if session.session_key is None:
        # A visitor's conversation needs a session to belong to: one is made now
        # (create() stores it under a new key; the response sets its cookie).
        session["robot"] = True
        session.create()
    return policies.visitor_key(session.session_key)


@router.post(
    "/ask", response=AskOut, auth=None, url_name="robot_ask", summary="Ask the reference robot"
)
def ask_endpoint(request: HttpRequest, payload: AskIn):
    """Answers from live data (is a library open now, where a book is, what is on,
    the signed-in reader's own loans) or from the knowledge base with the passages
    it cites. `answered` is false when no source answers it: the caller may then
    hand the question to a librarian (`.../handover`). Empty, very long or hostile
    input gets a polite answer; the question is never echoed."""
    actor = _actor(request)
    answer = robot_answer(
        actor,
        question=payload.question,
        language=payload.language,
        conversation_id=payload.conversation_id,
        visitor_key=_visitor_key(request),
    )
    return {
        "answer": answer.answer,
        "sources": [
            {
                "title": source.title,
                "url": source.url,
                "excerpt": source.excerpt,
                "ref": source.ref,
                "citations": [
                    {"title": c.title, "publisher": c.publisher, "url": c.url, "date": c.date}
                    for c in source.citations
                ],
            }
            for source in answer.sources
        ],
        "confidence": answer.confidence,
        "answered": answer.answered,
        "conversation_id": answer.conversation_id,
        "turn_id": answer.turn_id,
        "intent": answer.intent,
        "language": answer.language,
        "can_hand_over": answer.can_hand_over,
    }


@router.post(
    "/ask/{turn_id}/feedback",
    response=FeedbackOut,
    auth=None,
    summary="Say whether the robot's answer helped",
)
def feedback_endpoint(request: HttpRequest, turn_id: RowId, payload: FeedbackIn):
    """Only for the caller's own answered turns (`robot_turn_not_found` otherwise;
    `robot_feedback_not_allowed` for a turn the robot did not answer)."""
    turn = turn_feedback(
        _actor(request),
        turn_id=turn_id,
        helpful=payload.helpful,
        visitor_key=_visitor_key(request),
    )
    return {"turn_id": turn.pk, "feedback": turn.feedback}


@router.post(
    "/ask/{turn_id}/handover",
    response={201: HandOverOut},
    auth=None,
    summary="Pass the question to a librarian, with the conversation",
)
def handover_endpoint(request: HttpRequest, turn_id: RowId, payload: HandOverIn):
    """Creates a reference question (channel `robot`) with the conversation so far
    attached; a visitor gives `contact_email`. Asked twice, answers with the same
    question. `url` is where the asker follows it: the reader's page, or for a
    visitor a private link (also e-mailed)."""
    result = turn_hand_over(
        _actor(request),
        turn_id=turn_id,
        visitor_key=_visitor_key(request),
        contact_email=payload.contact_email,
        contact_name=payload.contact_name,
    )
    return Status(
        201, {"turn_id": result.turn.pk, "question_id": result.question_id, "url": result.url}
    )
