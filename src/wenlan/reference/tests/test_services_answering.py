import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import (
    NotAuthenticatedError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from wenlan.notices.models import Notice
from wenlan.reference.enums import QuestionStatus
from wenlan.reference.errors import (
    AnswerRequiredError,
    AssigneeNotLibrarianError,
    NoteRequiredError,
    QuestionStateError,
    QuestionTakenError,
    ReferralOpenError,
)
from wenlan.reference.models import Question, QuestionNote, QuestionSource
from wenlan.reference.services import questions as services
from wenlan.reference.services.questions import SourceIn
from wenlan.reference.tests.factories import (
    QuestionFactory,
    ReferralFactory,
    VisitorQuestionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_librarian_claims_a_new_question(desk):
    question = QuestionFactory(asker=desk.reader)
    claimed = services.question_assign(actor=desk.librarian, question_id=question.pk)
    assert (claimed.status, claimed.assignee_id) == ("assigned", desk.librarian.pk)
    assert claimed.assigned_at == clock.now()
    # Claiming again is a no-op; another librarian is told it is taken.
    services.question_assign(actor=desk.librarian, question_id=question.pk)
    with pytest.raises(QuestionTakenError):
        services.question_assign(actor=desk.other_librarian, question_id=question.pk)
    assert Question.objects.get(pk=question.pk).assignee_id == desk.librarian.pk


def test_only_a_lead_assigns_to_others(desk):
    question = QuestionFactory(asker=desk.reader)
    with pytest.raises(PermissionDeniedError):
        services.question_assign(
            actor=desk.librarian, question_id=question.pk, assignee_id=desk.other_librarian.pk
        )
    lead = staff_with_role(Role.NETWORK_ADMIN, username="lead")
    services.question_assign(
        actor=lead, question_id=question.pk, assignee_id=desk.other_librarian.pk
    )
    services.question_assign(actor=lead, question_id=question.pk, assignee_id=desk.librarian.pk)
    assert Question.objects.get(pk=question.pk).assignee_id == desk.librarian.pk
    with pytest.raises(AssigneeNotLibrarianError):
        services.question_assign(
            actor=lead, question_id=question.pk, assignee_id=desk.reader.user_id
        )


def test_readers_and_partners_cannot_assign(desk):
    question = QuestionFactory(asker=desk.reader)
    for actor in (desk.reader.user, desk.partner_staff):
        with pytest.raises(PermissionDeniedError):
            services.question_assign(actor=actor, question_id=question.pk)
    with pytest.raises(NotAuthenticatedError):
        services.question_assign(actor=AnonymousUser(), question_id=question.pk)
    assert Question.objects.get(pk=question.pk).status == "new"


def test_notes(desk):
    question = QuestionFactory(asker=desk.reader)
    note = services.question_note_add(
        actor=desk.librarian, question_id=question.pk, text=" 已查 OPAC\x00 "
    )
    assert (note.text, note.author_id) == ("已查 OPAC", desk.librarian.pk)
    with pytest.raises(NoteRequiredError):
        services.question_note_add(actor=desk.librarian, question_id=question.pk, text=" ")
    with pytest.raises(NotFoundError):
        services.question_note_add(actor=desk.librarian, question_id=question.pk + 99, text="x")
    with pytest.raises(PermissionDeniedError):
        services.question_note_add(actor=desk.reader.user, question_id=question.pk, text="x")
    assert QuestionNote.objects.count() == 1


def test_an_answer_with_sources_tells_the_reader(desk, django_capture_on_commit_callbacks):
    question = QuestionFactory(asker=desk.reader)
    services.question_assign(actor=desk.librarian, question_id=question.pk)
    with django_capture_on_commit_callbacks(execute=True):
        answered = services.question_answer(
            actor=desk.librarian,
            question_id=question.pk,
            answer="西湖十景是：苏堤春晓、曲院风荷……",
            sources=[
                SourceIn(title="西湖志", publisher="杭州出版社", date="2011-06"),
                SourceIn(title=""),
                SourceIn(title="West Lake", url="https://whc.unesco.org/en/list/1334", date="2011"),
            ],
        )
    assert answered.status == "answered" and answered.answered_by_id == desk.librarian.pk
    assert list(
        QuestionSource.objects.filter(question=question).values_list("position", "title")
    ) == [(1, "西湖志"), (2, "West Lake")]
    notice = Notice.objects.get(reader=desk.reader)
    assert notice.kind == "question_answered"
    assert notice.link == f"/me/questions/{question.pk}/"
    assert mail.outbox and "西湖" in mail.outbox[0].body  # the reader's e-mail notice


def test_a_visitor_is_mailed_the_answer(desk, django_capture_on_commit_callbacks):
    question = VisitorQuestionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=desk.librarian, question_id=question.pk, answer="答复")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["visitor@example.org"]
    assert f"/ask/q/{question.access_token}/" in mail.outbox[0].body
    assert Notice.objects.count() == 0


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (SourceIn(title="", url="https://example.org"), "题名"),
        (SourceIn(title="t", url="javascript:alert(1)"), "网址"),
        (SourceIn(title="t", date="June 2011"), "2011-06"),
    ],
)
def test_bad_sources_are_refused(desk, source, message):
    question = QuestionFactory(asker=desk.reader)
    with pytest.raises(ValidationError) as error:
        services.question_answer(
            actor=desk.librarian, question_id=question.pk, answer="a", sources=[source]
        )
    assert message in str(error.value)
    assert Question.objects.get(pk=question.pk).status == "new"


def test_answer_refusals(desk):
    question = QuestionFactory(asker=desk.reader)
    with pytest.raises(AnswerRequiredError):
        services.question_answer(actor=desk.librarian, question_id=question.pk, answer=" ")
    with pytest.raises(PermissionDeniedError):
        services.question_answer(actor=desk.partner_staff, question_id=question.pk, answer="a")
    referred = ReferralFactory(question__asker=desk.reader).question
    with pytest.raises(ReferralOpenError):
        services.question_answer(actor=desk.librarian, question_id=referred.pk, answer="a")
    closed = QuestionFactory(asker=desk.reader, status="closed")
    with pytest.raises(QuestionStateError):
        services.question_answer(actor=desk.librarian, question_id=closed.pk, answer="a")
    assert Question.objects.filter(status="answered").count() == 0


def test_close_and_reopen_by_the_reader(desk):
    question = QuestionFactory(asker=desk.reader)
    services.question_assign(actor=desk.librarian, question_id=question.pk)
    services.question_answer(actor=desk.librarian, question_id=question.pk, answer="a")
    services.question_close(actor=desk.librarian, question_id=question.pk)
    assert Question.objects.get(pk=question.pk).status == "closed"
    with pytest.raises(PermissionDeniedError):  # another reader
        services.question_reopen(actor=desk.other_reader.user, question_id=question.pk)
    with clock.freeze(clock.now() + dt.timedelta(days=7)):
        reopened = services.question_reopen(
            actor=desk.reader.user, question_id=question.pk, reason="没有回答我的问题"
        )
        assert reopened.due_at == clock.now() + dt.timedelta(days=5)  # Wed → Mon
    assert (reopened.status, reopened.assignee_id) == ("assigned", desk.librarian.pk)
    note = QuestionNote.objects.get(question=question)
    assert note.author_id is None and "没有回答我的问题" in note.text
    with pytest.raises(QuestionStateError):
        services.question_reopen(actor=desk.reader.user, question_id=question.pk)


def test_a_visitor_reopens_with_the_private_link(desk):
    question = VisitorQuestionFactory(status=QuestionStatus.ANSWERED, answer="a")
    with pytest.raises(NotAuthenticatedError):
        services.question_reopen(actor=AnonymousUser(), question_id=question.pk, token="wrong")
    services.question_reopen(
        actor=AnonymousUser(), question_id=question.pk, token=question.access_token
    )
    assert Question.objects.get(pk=question.pk).status == "new"
