"""Referrals: a librarian passes a question to a partner library of the reference
alliance, with a note; the partner's librarian (or its API key) answers or
declines, or a librarian records what the partner said by phone or mail. The
question then goes back to its librarian, who answers the reader.

A partner's answer locks the referral, then its question (this order only)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from wenlan.core.tasks import enqueue_on_commit
from wenlan.reference import locks
from wenlan.reference.enums import QuestionStatus, ReferralStatus
from wenlan.reference.errors import (
    NotInAllianceError,
    QuestionStateError,
    ReferralOpenError,
    ReferralStateError,
)
from wenlan.reference.models import Referral
from wenlan.reference.permissions import ensure_answer
from wenlan.reference.selectors.calendar import due_at, referral_due_working_days
from wenlan.reference.selectors.staff import alliance_partner_ids
from wenlan.reference.services.questions import ANSWER_MAX_CHARS, NOTE_MAX_CHARS, clean_text


@transaction.atomic
def question_refer(*, actor, question_id: int, partner_id: int, note: str = "") -> Referral:
    """To an alliance partner, due after the partner's working days; the question
    is referred until the partner's answer is recorded."""
    ensure_answer(actor)
    if partner_id not in alliance_partner_ids():
        raise NotInAllianceError(field="partner")
    with locks.lock_timeout():
        question = locks.question_lock(question_id=question_id)
    if question is None:
        raise NotFoundError()
    if question.status == QuestionStatus.REFERRED:
        raise ReferralOpenError()
    if question.status not in (QuestionStatus.NEW, QuestionStatus.ASSIGNED):
        raise QuestionStateError()
    user, now = acting_user(actor), clock.now()
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                question=question,
                partner_id=partner_id,
                note=clean_text(note)[:NOTE_MAX_CHARS],
                sent_by=user,
                sent_at=now,
                due_at=due_at(
                    start=now, working_days=referral_due_working_days(partner_id=partner_id)
                ),
            )
    except IntegrityError as error:  # one open referral per question
        raise ReferralOpenError() from error
    from wenlan.reference.tasks import referral_mail

    enqueue_on_commit(referral_mail, referral.pk)
    question.status = QuestionStatus.REFERRED
    if question.assignee_id is None:
        question.assignee, question.assigned_at = user, now
    question.updated_at = now
    question.save(update_fields=["status", "assignee", "assigned_at", "updated_at"])
    return referral


def _ensure_may_answer(actor, referral: Referral) -> None:
    if can(actor, Perm.REFERENCE_PARTNER, partner_id=referral.partner_id):
        return
    if can(actor, Perm.REFERENCE_ANSWER):
        return  # a librarian records the partner's answer received by phone or mail
    raise PermissionDeniedError()


@transaction.atomic
def referral_answer(*, actor, referral_id: int, answer: str, declined: bool = False) -> Referral:
    """The partner answers (or declines, with a reason) a referral to it. The
    question goes back to its librarian (assigned), who answers the reader."""
    if not (can(actor, Perm.REFERENCE_PARTNER) or can(actor, Perm.REFERENCE_ANSWER)):
        ensure_answer(actor)  # not signed in, or not allowed: the matching refusal
    answer = clean_text(answer)
    if not answer and not declined:
        raise ValidationError(_("请填写合作馆的答复。"), field="answer")
    if len(answer) > ANSWER_MAX_CHARS:
        raise ValidationError(
            _("答复请控制在 %(limit)s 字以内。") % {"limit": ANSWER_MAX_CHARS}, field="answer"
        )
    with locks.lock_timeout():
        referral = locks.referral_lock(referral_id=referral_id)
        if referral is None:
            raise NotFoundError()
        _ensure_may_answer(actor, referral)
        if referral.status != ReferralStatus.SENT:
            raise ReferralStateError()
        question = locks.question_lock(question_id=referral.question_id)
    now = clock.now()
    referral.status = ReferralStatus.DECLINED if declined else ReferralStatus.ANSWERED
    referral.answer, referral.answered_at = answer, now
    referral.answered_by = acting_user(actor)
    referral.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    if question.status == QuestionStatus.REFERRED:
        question.status = QuestionStatus.ASSIGNED if question.assignee_id else QuestionStatus.NEW
        question.updated_at = now
        question.save(update_fields=["status", "updated_at"])
    return referral


def referral_mail_claim(*, referral_id: int) -> bool:
    """Marks the partner told of the referral; False when it was (a second run)."""
    return (
        Referral.objects.filter(pk=referral_id, mailed_at__isnull=True).update(
            mailed_at=clock.now()
        )
        == 1
    )


def referral_mail_release(*, referral_id: int) -> None:
    Referral.objects.filter(pk=referral_id).update(mailed_at=None)


def referral_reminder_claim(*, referral_id: int) -> bool:
    """Marks the partner reminded of a referral past its due time and still open;
    False when it was reminded already, has been answered or is not yet due."""
    return (
        Referral.objects.filter(
            pk=referral_id,
            status=ReferralStatus.SENT,
            due_at__lt=clock.now(),
            reminded_at__isnull=True,
        ).update(reminded_at=clock.now())
        == 1
    )


def referral_reminder_release(*, referral_id: int) -> None:
    Referral.objects.filter(pk=referral_id).update(reminded_at=None)
