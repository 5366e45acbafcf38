import datetime as dt

import pytest

from wenlan.accounts.actors import ApiKeyActor
from wenlan.accounts.enums import Perm
from wenlan.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from wenlan.network.tests.factories import PartnerFactory
from wenlan.reference.errors import (
    NotInAllianceError,
    QuestionStateError,
    ReferralOpenError,
    ReferralStateError,
)
from wenlan.reference.models import Question, Referral
from wenlan.reference.services.questions import question_answer
from wenlan.reference.services.referrals import question_refer, referral_answer
from wenlan.reference.tests.conftest import NOW
from wenlan.reference.tests.factories import (
    AllianceMemberFactory,
    QuestionFactory,
    partner_librarian,
)

pytestmark = pytest.mark.django_db


def test_refer_to_an_alliance_partner(desk):
    question = QuestionFactory(asker=desk.reader)
    referral = question_refer(
        actor=desk.librarian, question_id=question.pk, partner_id=desk.partner.pk, note="请协助"
    )
    assert (referral.status, referral.note, referral.sent_by_id) == (
        "sent",
        "请协助",
        desk.librarian.pk,
    )
    assert referral.due_at == NOW + dt.timedelta(days=7)  # five working days from Wednesday
    question.refresh_from_db()
    assert (question.status, question.assignee_id) == ("referred", desk.librarian.pk)
    with pytest.raises(ReferralOpenError):
        question_refer(actor=desk.librarian, question_id=question.pk, partner_id=desk.partner.pk)


def test_a_partners_own_due_time(desk):
    AllianceMemberFactory(partner=(nlc := PartnerFactory(code="nlc")), referral_due_working_days=1)
    question = QuestionFactory(asker=desk.reader)
    referral = question_refer(actor=desk.librarian, question_id=question.pk, partner_id=nlc.pk)
    assert referral.due_at == NOW + dt.timedelta(days=1)


def test_refer_refusals(desk):
    question = QuestionFactory(asker=desk.reader)
    with pytest.raises(NotInAllianceError):
        question_refer(actor=desk.librarian, question_id=question.pk, partner_id=desk.outsider.pk)
    with pytest.raises(PermissionDeniedError):
        question_refer(
            actor=desk.partner_staff, question_id=question.pk, partner_id=desk.partner.pk
        )
    answered = QuestionFactory(asker=desk.reader, status="answered")
    with pytest.raises(QuestionStateError):
        question_refer(actor=desk.librarian, question_id=answered.pk, partner_id=desk.partner.pk)
    assert Referral.objects.count() == 0


def _referred(desk):
    question = QuestionFactory(asker=desk.reader)
    return question_refer(actor=desk.librarian, question_id=question.pk, partner_id=desk.partner.pk)


def test_the_partner_answers_then_the_librarian_answers_the_reader(desk):
    referral = _referred(desk)
    key = ApiKeyActor(user=desk.partner_staff, scopes=frozenset({Perm.REFERENCE_PARTNER}))
    answered = referral_answer(actor=key, referral_id=referral.pk, answer="浙图藏有民国杭州地图")
    assert (answered.status, answered.answered_by_id) == ("answered", desk.partner_staff.pk)
    question = Question.objects.get(pk=referral.question_id)
    assert (question.status, question.assignee_id) == ("assigned", desk.librarian.pk)
    with pytest.raises(ReferralStateError):
        referral_answer(actor=key, referral_id=referral.pk, answer="again")
    question_answer(actor=desk.librarian, question_id=question.pk, answer="据浙江图书馆答复……")
    assert Question.objects.get(pk=question.pk).status == "answered"


def test_a_librarian_records_a_decline(desk):
    referral = _referred(desk)
    declined = referral_answer(
        actor=desk.librarian, referral_id=referral.pk, answer="", declined=True
    )
    assert declined.status == "declined"
    assert Question.objects.get(pk=referral.question_id).status == "assigned"


def test_another_partner_cannot_answer(desk):
    referral = _referred(desk)
    other = partner_librarian(desk.outsider, username="outsider")
    with pytest.raises(PermissionDeniedError):
        referral_answer(actor=other, referral_id=referral.pk, answer="x")
    with pytest.raises(PermissionDeniedError):
        referral_answer(actor=desk.reader.user, referral_id=referral.pk, answer="x")
    with pytest.raises(ValidationError):
        referral_answer(actor=desk.partner_staff, referral_id=referral.pk, answer=" ")
    with pytest.raises(NotFoundError):
        referral_answer(actor=desk.partner_staff, referral_id=referral.pk + 9, answer="x")
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_the_partners_librarians_are_mailed_once(desk, django_capture_on_commit_callbacks):
    from django.core import mail

    from wenlan.reference.tasks import referral_mail

    question = QuestionFactory(asker=desk.reader, text="民国杭州地图？")
    with django_capture_on_commit_callbacks(execute=True):
        referral = question_refer(
            actor=desk.librarian, question_id=question.pk, partner_id=desk.partner.pk
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zjref@example.org"]
    assert "民国杭州地图？" in mail.outbox[0].body
    assert desk.reader.name not in mail.outbox[0].body
    assert "/staff/reference/referrals/" in mail.outbox[0].body
    assert referral_mail.call(referral.pk) == 0
    assert len(mail.outbox) == 1


def test_an_overdue_referral_is_reminded_to_the_partner_once(desk):
    """`wenlan reference-scan`: past its due time and still unanswered, the partner's
    librarians get one reminder; a second scan, or an answered referral, none."""
    import io
    import json

    from django.core import mail
    from django.core.management import call_command

    from wenlan.core import clock

    late = question_refer(
        actor=desk.librarian,
        question_id=QuestionFactory(asker=desk.reader, text="民国杭州地图？").pk,
        partner_id=desk.partner.pk,
    )
    answered = question_refer(
        actor=desk.librarian,
        question_id=QuestionFactory(asker=desk.reader).pk,
        partner_id=desk.partner.pk,
    )
    referral_answer(actor=desk.partner_staff, referral_id=answered.pk, answer="见本馆报刊部")
    mail.outbox.clear()

    def scan() -> dict:
        out = io.StringIO()
        call_command("reference-scan", stdout=out)
        return json.loads(out.getvalue().splitlines()[-1])

    assert scan() == {"overdue": 0, "reminders_queued": 0}  # not yet due
    with clock.freeze(late.due_at + dt.timedelta(hours=1)):
        assert scan() == {"overdue": 1, "reminders_queued": 1}
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["zjref@example.org"]
        assert "民国杭州地图？" in mail.outbox[0].body
        assert desk.reader.name not in mail.outbox[0].body
        assert scan() == {"overdue": 0, "reminders_queued": 0}
    assert len(mail.outbox) == 1
