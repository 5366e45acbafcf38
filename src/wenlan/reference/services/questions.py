"""Questions to a librarian: asked by a reader, a visitor or an alliance partner
for its reader; assigned to a reference librarian, noted, answered with sources
(the asker is told), closed and reopened.

Each librarian's step locks the question's row and reads its status after the
lock, so two librarians claiming the same new question: one wins."""

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can, library_scope
from wenlan.core import clock
from wenlan.core.errors import (
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from wenlan.core.tasks import enqueue_on_commit
from wenlan.notices.enums import NoticeKind
from wenlan.notices.services import notice_create
from wenlan.patrons.selectors import reader_of
from wenlan.reference import locks
from wenlan.reference.enums import QuestionCategory, QuestionChannel, QuestionStatus
from wenlan.reference.errors import (
    AnswerRequiredError,
    AssigneeNotLibrarianError,
    ContactRequiredError,
    NoteRequiredError,
    NotFilingPartnerError,
    OnBehalfOfRequiredError,
    QuestionStateError,
    QuestionTakenError,
    QuestionTextRequiredError,
    QuestionTooLongError,
    ReferralOpenError,
)
from wenlan.reference.models import Question, QuestionNote, QuestionSource
from wenlan.reference.permissions import acting_partner_id, ensure_answer
from wenlan.reference.policies import normalise_language
from wenlan.reference.selectors.calendar import due_at, question_due_working_days
from wenlan.reference.selectors.staff import librarian_exists

TRANSCRIPT_MAX_CHARS = 20_000
ANSWER_MAX_CHARS = 20_000
NOTE_MAX_CHARS = 4_000
SOURCES_MAX = 20


def clean_text(value: str) -> str:
    """What a person typed, without NUL bytes (PostgreSQL stores none) and the
    surrounding blanks."""
    return (value or "").replace("\x00", "").strip()


def _choice(value: str, choices, *, default: str, field: str) -> str:
    value = clean_text(value)
    if not value:
        return default
    if value not in choices.values:
        raise ValidationError(_("取值无效：%(value)s") % {"value": value[:40]}, field=field)
    return value


def _email(value: str) -> str:
    email = clean_text(value)
    if not email:
        return ""
    try:
        validate_email(email)
    except DjangoValidationError as error:
        raise ValidationError(_("请输入有效的电子邮箱。"), field="contact_email") from error
    return email[:254]


def _ensure_visitor_not_flooding(contact_email: str) -> None:
    """A visitor's address asks at most WENLAN_REFERENCE_VISITOR_QUESTIONS_PER_DAY
    questions a day: the queue is the librarians' time, and anyone may type any
    address."""
    limit = settings.WENLAN_REFERENCE_VISITOR_QUESTIONS_PER_DAY
    since = clock.now() - dt.timedelta(days=1)
    asked = Question.objects.filter(
        asker__isnull=True, contact_email__iexact=contact_email, created_at__gte=since
    ).count()
    if asked >= limit:
        raise RateLimitedError(
            _("这个邮箱今天已经提了 %(n)s 个问题，请明天再来，或登录后提问。") % {"n": asked}
        )


def question_ask(
    actor,
    *,
    text: str,
    language: str,
    category: str = "",
    contact_name: str = "",
    contact_email: str = "",
    transcript: str = "",
    channel: str = QuestionChannel.WEB,
    on_behalf_of: str = "",
) -> Question:
    """A reader (a signed-in user with a reader record), a visitor (AnonymousUser:
    contact_email required), or a partner library's API key (Perm.REFERENCE_PARTNER;
    on_behalf_of names its reader) asks a librarian. channel: web | robot | api.
    transcript: the robot's conversation, as plain text, kept with the question.
    Raises the app's WenlanError subclasses on bad input (empty text, no contact).

    A signed-in user without a reader record (staff, say) asks as a visitor does.
    The question is due after the category's working days (selectors.calendar)."""
    text = clean_text(text)
    if not text:
        raise QuestionTextRequiredError(field="text")
    limit = settings.WENLAN_REFERENCE_QUESTION_MAX_CHARS
    if len(text) > limit:
        raise QuestionTooLongError(
            QuestionTooLongError.default_message % {"limit": limit}, field="text"
        )
    lang = normalise_language(language or "", default=settings.LANGUAGE_CODE)
    if lang is None:
        raise ValidationError(_("不支持该语言。"), field="language")
    category = _choice(category, QuestionCategory, default=QuestionCategory.OTHER, field="category")
    channel = _choice(channel, QuestionChannel, default=QuestionChannel.WEB, field="channel")
    contact_email = _email(contact_email)
    contact_name = clean_text(contact_name)[:100]
    on_behalf_of = clean_text(on_behalf_of)[:200]
    transcript = clean_text(transcript)
    if len(transcript) > TRANSCRIPT_MAX_CHARS:
        transcript = transcript[: TRANSCRIPT_MAX_CHARS - 1] + "…"

    reader = reader_of(actor)
    partner_id = acting_partner_id(actor)
    if on_behalf_of:
        ensure_can(actor, Perm.REFERENCE_PARTNER)
        if partner_id is None:
            raise NotFilingPartnerError()
        reader = None
    elif reader is None and partner_id is not None and not contact_email:
        raise OnBehalfOfRequiredError(field="on_behalf_of")
    else:
        partner_id = None
    if reader is None and partner_id is None and not contact_email:
        raise ContactRequiredError(field="contact_email")
    if reader is None and partner_id is None:
        _ensure_visitor_not_flooding(contact_email)

    now = clock.now()
    working_days = question_due_working_days(category=category)
    with transaction.atomic():
        question = Question.objects.create(
            asker=reader,
            contact_name=contact_name if reader is None else "",
            contact_email=contact_email if reader is None else "",
            access_token="" if reader is not None else secrets.token_urlsafe(24),
            partner_id=partner_id,
            on_behalf_of=on_behalf_of,
            text=text,
            language=lang,
            category=category,
            channel=channel,
            transcript=transcript,
            due_at=due_at(start=now, working_days=working_days),
            created_at=now,
            updated_at=now,
        )
        if question.contact_email:
            from wenlan.reference.tasks import question_mail

            enqueue_on_commit(question_mail, question.pk, "asked")
    return question


_MAIL_FIELDS = {"asked": "asked_mailed_at", "answered": "answer_mailed_at"}


def question_mail_claim(*, question_id: int, kind: str) -> bool:
    """Marks the visitor's mail of `kind` sent; False when it was (a second run)."""
    field = _MAIL_FIELDS[kind]
    return (
        Question.objects.filter(pk=question_id, **{f"{field}__isnull": True}).update(
            **{field: clock.now()}
        )
        == 1
    )


def question_mail_release(*, question_id: int, kind: str) -> None:
    """The mail did not go: the next run sends it."""
    Question.objects.filter(pk=question_id).update(**{_MAIL_FIELDS[kind]: None})


def _locked(*, question_id: int, states: tuple[str, ...]) -> Question:
    """The question's row locked, its status read after the lock."""
    with locks.lock_timeout():
        question = locks.question_lock(question_id=question_id)
    if question is None:
        raise NotFoundError()
    if question.status not in states:
        raise QuestionStateError()
    return question


def _save(question: Question, *fields: str) -> None:
    question.updated_at = clock.now()
    question.save(update_fields=[*fields, "updated_at"])


def can_lead(actor) -> bool:
    """A lead (a network administrator) assigns questions to others and takes them
    back from one librarian for another; a reference librarian claims new ones."""
    return library_scope(actor, Perm.LIBRARY_CHANGE) is None and can(actor, Perm.REFERENCE_ANSWER)


@transaction.atomic
def question_assign(*, actor, question_id: int, assignee_id: int | None = None) -> Question:
    """A librarian claims a new question (assignee None: the actor), or a lead
    assigns or reassigns it to a reference librarian. Two librarians claiming the
    same new question: the first has it, the second is told it is taken."""
    ensure_answer(actor)
    user = acting_user(actor)
    target = assignee_id if assignee_id is not None else (user.pk if user else None)
    if target is None:
        raise AssigneeNotLibrarianError(field="assignee")
    lead = can_lead(actor)
    if user is None or (target != user.pk and not lead):
        raise PermissionDeniedError()
    if target != user.pk and not librarian_exists(user_id=target):
        raise AssigneeNotLibrarianError(field="assignee")
    question = _locked(
        question_id=question_id, states=(QuestionStatus.NEW, QuestionStatus.ASSIGNED)
    )
    if question.status == QuestionStatus.ASSIGNED:
        if question.assignee_id == target:
            return question
        if not lead:
            raise QuestionTakenError()
    question.status, question.assignee_id = QuestionStatus.ASSIGNED, target
    question.assigned_at = clock.now()
    _save(question, "status", "assignee", "assigned_at")
    return question


@transaction.atomic
def question_note_add(*, actor, question_id: int, text: str) -> QuestionNote:
    """An internal note (what was searched, whom to ask); the asker never sees it."""
    ensure_answer(actor)
    text = clean_text(text)
    if not text:
        raise NoteRequiredError(field="text")
    if not Question.objects.filter(pk=question_id).exists():
        raise NotFoundError()
    return QuestionNote.objects.create(
        question_id=question_id,
        author=acting_user(actor),
        text=text[:NOTE_MAX_CHARS],
        created_at=clock.now(),
    )


@dataclass(frozen=True)
class SourceIn:
    """A source the answer cites: title, and publisher, URL or date as known
    (date as given: "2011-06-24", "2011-06" or "2011")."""

    title: str
    publisher: str = ""
    url: str = ""
    date: str = ""


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_url = URLValidator(schemes=["http", "https"])


def sources_clean(sources: list[SourceIn]) -> list[SourceIn]:
    """Sources without blank rows, each checked: a title, an http(s) URL, a date
    as YYYY, YYYY-MM or YYYY-MM-DD."""
    cleaned = []
    for source in sources:
        title, publisher = clean_text(source.title), clean_text(source.publisher)
        url, date = clean_text(source.url), clean_text(source.date)
        if not (title or publisher or url or date):
            continue
        if not title:
            raise ValidationError(_("每条来源都要有题名。"), field="sources")
        if url:
            try:
                _url(url)
            except DjangoValidationError as error:
                raise ValidationError(
                    _("来源网址无效：%(url)s") % {"url": url[:80]}, field="sources"
                ) from error
        if date and not _DATE.match(date):
            raise ValidationError(
                _("来源日期请写成 2011、2011-06 或 2011-06-24。"), field="sources"
            )
        cleaned.append(SourceIn(title[:300], publisher[:200], url[:500], date))
    if len(cleaned) > SOURCES_MAX:
        raise ValidationError(_("来源最多 %(n)s 条。") % {"n": SOURCES_MAX}, field="sources")
    return cleaned


def _tell_asker(question: Question) -> None:
    """The reader gets a notice (inbox, and e-mail or SMS as they chose); a visitor,
    or a partner's reader who left an address, an e-mail with the private link."""
    if question.asker_id is not None:
        notice_create(
            reader_id=question.asker_id,
            kind=NoticeKind.QUESTION_ANSWERED,
            key=f"question:{question.pk}:{question.answered_at.timestamp():.0f}",
            params={"title": question.text[:60], "number": question.pk},
            link=question.get_absolute_url(),
        )
    elif question.contact_email:
        from wenlan.reference.tasks import question_mail

        enqueue_on_commit(question_mail, question.pk, "answered")


@transaction.atomic
def question_answer(
    *, actor, question_id: int, answer: str, sources: list[SourceIn] = ()
) -> Question:
    """The answer to the asker, with its sources (they replace any given before);
    the asker is told. A question with a referral still open waits for the
    partner's answer (or its decline) to be recorded first."""
    ensure_answer(actor)
    answer = clean_text(answer)
    if not answer:
        raise AnswerRequiredError(field="answer")
    if len(answer) > ANSWER_MAX_CHARS:
        raise ValidationError(
            _("答复请控制在 %(limit)s 字以内。") % {"limit": ANSWER_MAX_CHARS}, field="answer"
        )
    cleaned = sources_clean(list(sources))
    with locks.lock_timeout():
        question = locks.question_lock(question_id=question_id)
    if question is None:
        raise NotFoundError()
    if question.status == QuestionStatus.REFERRED:
        raise ReferralOpenError()
    if question.status not in (QuestionStatus.NEW, QuestionStatus.ASSIGNED):
        raise QuestionStateError()
    user, now = acting_user(actor), clock.now()
    question.status, question.answer = QuestionStatus.ANSWERED, answer
    question.answered_at, question.answered_by = now, user
    if question.assignee_id is None:
        question.assignee, question.assigned_at = user, now
    question.answer_mailed_at = None
    _save(
        question,
        "status",
        "answer",
        "answered_at",
        "answered_by",
        "assignee",
        "assigned_at",
        "answer_mailed_at",
    )
    QuestionSource.objects.filter(question=question).delete()
    QuestionSource.objects.bulk_create(
        QuestionSource(question=question, position=n, **vars(source))
        for n, source in enumerate(cleaned, start=1)
    )
    _tell_asker(question)
    return question


@transaction.atomic
def question_close(*, actor, question_id: int) -> Question:
    """Closed: answered and done with, or not a question (spam, a duplicate)."""
    ensure_answer(actor)
    question = _locked(
        question_id=question_id,
        states=(QuestionStatus.NEW, QuestionStatus.ASSIGNED, QuestionStatus.ANSWERED),
    )
    question.status, question.closed_at = QuestionStatus.CLOSED, clock.now()
    _save(question, "status", "closed_at")
    return question


@transaction.atomic
def question_reopen(*, actor, question_id: int, reason: str = "", token: str = "") -> Question:
    """The asker says the answer does not help (their own question, or a visitor's
    by its private link), or a librarian reopens it: back to its librarian (or the
    new queue), due again after the category's working days; the reason becomes
    an internal note."""
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise NotFoundError()
    reader = reader_of(actor)
    by_asker = (reader is not None and question.asker_id == reader.pk) or (
        bool(token)
        and question.asker_id is None
        and secrets.compare_digest(token, question.access_token)
    )
    if not by_asker:
        ensure_answer(actor)
    question = _locked(
        question_id=question_id, states=(QuestionStatus.ANSWERED, QuestionStatus.CLOSED)
    )
    now = clock.now()
    question.status = QuestionStatus.ASSIGNED if question.assignee_id else QuestionStatus.NEW
    question.closed_at = None
    question.due_at = due_at(
        start=now, working_days=question_due_working_days(category=question.category)
    )
    _save(question, "status", "closed_at", "due_at")
    reason = clean_text(reason)[:NOTE_MAX_CHARS]
    label = _("读者认为答复没有帮助") if by_asker else _("馆员重新打开")
    QuestionNote.objects.create(
        question=question,
        author=None if by_asker else acting_user(actor),
        text=f"{label}{_('：')}{reason}" if reason else label,
        created_at=now,
    )
    return question
