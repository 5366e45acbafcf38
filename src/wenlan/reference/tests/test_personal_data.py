import pytest

from wenlan.reference.models import Question, QuestionNote, Referral
from wenlan.reference.personal_data import (
    questions_erase,
    questions_export,
    reference_work_export,
)
from wenlan.reference.tests.factories import (
    QuestionFactory,
    QuestionNoteFactory,
    QuestionSourceFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def test_export_and_erase(desk):
    question = QuestionFactory(asker=desk.reader, status="answered", answer="答复")
    QuestionSourceFactory(question=question, title="西湖志")
    QuestionNoteFactory(question=question, author=desk.librarian, text="已查")
    ReferralFactory(question=question, partner=desk.partner, answer="有")
    other = QuestionFactory(asker=desk.other_reader)
    exported = questions_export(desk.reader.pk)
    assert len(exported) == 1
    row = exported[0]
    assert (row["text"], row["answer"], row["status"]) == (question.text, "答复", "answered")
    assert row["sources"][0]["title"] == "西湖志"
    assert row["notes"][0]["text"] == "已查" and "author" not in row["notes"][0]
    assert row["referrals"][0]["partner"] == desk.partner.code
    questions_erase(desk.reader.pk)
    assert list(Question.objects.values_list("pk", flat=True)) == [other.pk]
    assert QuestionNote.objects.count() == 0 and Referral.objects.count() == 0


def test_what_an_account_did_as_reference_staff(desk):
    from wenlan.patrons.tests.factories import ReaderFactory

    staff_reader = ReaderFactory(user=desk.librarian, home_library=desk.central)
    question = QuestionFactory(asker=desk.reader, assignee=desk.librarian)
    QuestionNoteFactory(question=question, author=desk.librarian)
    work = reference_work_export(staff_reader.pk)
    assert [q["id"] for q in work["questions"]] == [question.pk]
    assert work["notes"][0]["question_id"] == question.pk
    assert "text" not in work["questions"][0]  # never the other reader's question
