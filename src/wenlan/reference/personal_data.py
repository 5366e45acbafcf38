"""A reader's questions to a librarian (core/personal_data.py): each with its
answer and sources, the librarians' notes about it and its referrals to partner
libraries. Erasure deletes the reader's questions with their notes, sources and
referrals (nothing of them is kept for statistics; an answer published as a FAQ
entry was cleaned of anything personal first and lives in the knowledge base).
A second section lists what the reader's account did as reference staff."""

from django.db.models import Prefetch, Q

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.reference.models import Question, QuestionNote, Referral


def questions_export(reader_id: int) -> list[dict]:
    rows = (
        Question.objects.filter(asker_id=reader_id)
        .prefetch_related(
            "sources",
            Prefetch("notes", queryset=QuestionNote.objects.order_by("created_at", "pk")),
            Prefetch("referrals", queryset=Referral.objects.select_related("partner")),
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": q.pk,
            "text": q.text,
            "language": q.language,
            "category": q.category,
            "channel": q.channel,
            "transcript": q.transcript,
            "status": q.status,
            "asked_at": iso(q.created_at),
            "due_at": iso(q.due_at),
            "answer": q.answer,
            "answered_at": iso(q.answered_at),
            "closed_at": iso(q.closed_at),
            "sources": [
                {"title": s.title, "publisher": s.publisher, "url": s.url, "date": s.date}
                for s in q.sources.all()
            ],
            "notes": [{"text": n.text, "at": iso(n.created_at)} for n in q.notes.all()],
            "referrals": [
                {
                    "partner": r.partner.code,
                    "status": r.status,
                    "sent_at": iso(r.sent_at),
                    "answer": r.answer,
                    "answered_at": iso(r.answered_at),
                }
                for r in q.referrals.all()
            ],
        }
        for q in rows
    ]


def questions_erase(reader_id: int) -> None:
    Question.objects.filter(asker_id=reader_id).delete()


def reference_work_export(reader_id: int) -> dict:
    """What the account did as a reference librarian or a partner's librarian
    (normally nothing): question ids and times only, never another reader's text."""
    staff = Q(assignee__reader__pk=reader_id) | Q(answered_by__reader__pk=reader_id)
    questions = Question.objects.filter(staff).order_by("pk")
    notes = QuestionNote.objects.filter(author__reader__pk=reader_id).order_by("pk")
    referrals = Referral.objects.filter(
        Q(sent_by__reader__pk=reader_id) | Q(answered_by__reader__pk=reader_id)
    ).order_by("pk")
    return {
        "questions": [
            {"id": q.pk, "status": q.status, "answered_at": iso(q.answered_at)} for q in questions
        ],
        "notes": [{"question_id": n.question_id, "at": iso(n.created_at)} for n in notes],
        "referrals": [
            {"question_id": r.question_id, "sent_at": iso(r.sent_at), "status": r.status}
            for r in referrals
        ],
    }


SECTIONS = (
    PersonalDataSection(
        name="reference_questions",
        models=("reference.Question",),
        export=questions_export,
        erase=questions_erase,
    ),
    PersonalDataSection(
        name="reference_work",
        models=("reference.Question", "reference.QuestionNote", "reference.Referral"),
        export=reference_work_export,
    ),
)
