"""Questions to a librarian through the API: a signed-in reader (session) asks for
themself; an alliance partner's API key (scope `reference.partner`) files questions
for its own readers and answers the referrals sent to it. The robot's own
endpoint is `/api/reference/ask` (the robot app), not here."""

import datetime as dt

from ninja import Router, Status

from wenlan.core.ids import RowId
from wenlan.patrons.selectors import reader_of
from wenlan.reference.enums import QuestionChannel
from wenlan.reference.errors import NoReaderCardError
from wenlan.reference.models import Question, Referral
from wenlan.reference.schemas import QuestionAskIn, QuestionOut, ReferralAnswerIn, ReferralOut
from wenlan.reference.selectors.questions import question_list_for_reader
from wenlan.reference.selectors.staff import question_for_api, referral_list_for_partner
from wenlan.reference.services.questions import question_ask
from wenlan.reference.services.referrals import referral_answer

router = Router(tags=["reference"])


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(dt.UTC) if value is not None else None


def question_out(question: Question) -> dict:
    visible = question.answer_visible
    return {
        "id": question.pk,
        "status": question.status,
        "text": question.text,
        "language": question.language,
        "category": question.category,
        "channel": question.channel,
        "on_behalf_of": question.on_behalf_of,
        "asked_at": _utc(question.created_at),
        "due_at": _utc(question.due_at),
        "answer": question.answer if visible else None,
        "answered_at": _utc(question.answered_at) if visible else None,
        "sources": [
            {"title": s.title, "publisher": s.publisher, "url": s.url, "date": s.date}
            for s in question.sources.all()
        ]
        if visible
        else [],
        "url": question.get_absolute_url(),
    }


@router.post("/questions", response={201: QuestionOut}, summary="Ask a librarian")
def question_ask_endpoint(request, payload: QuestionAskIn):
    """A signed-in reader asks for themself; a partner's key files for its reader
    (`on_behalf_of` required). Refusals: `question_text_required`,
    `question_too_long`, `question_contact_required` (no reader record: give
    `contact_email`), `question_on_behalf_of_required`, `question_partner_unknown`,
    `invalid` (language, category, e-mail)."""
    question = question_ask(request.auth, channel=QuestionChannel.API, **payload.model_dump())
    return Status(201, question_out(question))


@router.get("/me/questions", response=list[QuestionOut], summary="The signed-in reader's questions")
def my_question_list_endpoint(request):
    """Newest first (the last 200), each with its answer and sources once answered."""
    reader = reader_of(request.auth)
    if reader is None:
        raise NoReaderCardError()
    rows = question_list_for_reader(reader_id=reader.pk).prefetch_related("sources")[:200]
    return [question_out(q) for q in rows]


@router.get("/questions/{question_id}", response=QuestionOut, summary="A question and its answer")
def question_get_endpoint(request, question_id: RowId):
    """To its asker, the partner that filed it, and reference librarians; anyone
    else is told it is not found."""
    return question_out(question_for_api(actor=request.auth, question_id=question_id))


def referral_out(referral: Referral) -> dict:
    return {
        "id": referral.pk,
        "question_id": referral.question_id,
        "question_text": referral.question.text,
        "category": referral.question.category,
        "language": referral.question.language,
        "note": referral.note,
        "sent_at": _utc(referral.sent_at),
        "due_at": _utc(referral.due_at),
        "status": referral.status,
        "answer": referral.answer,
        "answered_at": _utc(referral.answered_at),
    }


@router.get(
    "/referrals", response=list[ReferralOut], summary="Referrals sent to the caller's partner"
)
def referral_list_endpoint(request, status: str = ""):
    """Open ones (`sent`) first, oldest due first; `status` filters (sent, answered,
    declined). Never the asker's name or contact."""
    rows = referral_list_for_partner(actor=request.auth, status=status)[:500]
    return [referral_out(r) for r in rows]


@router.post("/referrals/{referral_id}/answer", response=ReferralOut, summary="Answer a referral")
def referral_answer_endpoint(request, referral_id: RowId, payload: ReferralAnswerIn):
    """The partner's answer (or `declined` with a reason). Refusals:
    `referral_state` (answered or declined already), `invalid` (no answer)."""
    referral = referral_answer(
        actor=request.auth,
        referral_id=referral_id,
        answer=payload.answer,
        declined=payload.declined,
    )
    return referral_out(referral)
