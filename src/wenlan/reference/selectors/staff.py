"""What reference librarians and partners' librarians read: the queue by tab,
one question with its notes, sources and referrals, the referrals sent to a
partner, the librarians a question can be assigned to, the alliance's partners."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.models import User
from wenlan.accounts.permissions import can, ensure_can, partner_scope
from wenlan.core import audit, clock
from wenlan.core.errors import NotFoundError
from wenlan.core.models import AuditAction
from wenlan.network.models import Partner
from wenlan.patrons.selectors import reader_of
from wenlan.reference.enums import QUESTION_OPEN, QuestionStatus, ReferralStatus
from wenlan.reference.models import (
    AllianceMember,
    Question,
    QuestionNote,
    QuestionSource,
    Referral,
)
from wenlan.reference.permissions import acting_partner_id, ensure_answer

QUEUE_TABS = ("new", "mine", "referred", "overdue", "answered", "closed")


def _librarians() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, staff_roles__role__in=[Role.REFERENCE_LIBRARIAN, Role.NETWORK_ADMIN]
    ).distinct()


def librarian_exists(*, user_id: int) -> bool:
    """Whether a question can be assigned to this user (a reference librarian, or an
    administrator, who holds every permission)."""
    return _librarians().filter(pk=user_id).exists()


def librarian_list(*, actor) -> list[User]:
    ensure_answer(actor)
    return list(_librarians().order_by("username"))


def question_queue(*, actor, tab: str, category: str = "") -> QuerySet[Question]:
    """new: not yet taken; mine: the actor's open ones; referred: waiting for a
    partner; overdue: past due and not answered; answered; closed (the last two
    most recent first, the others oldest due first). `category` narrows any tab."""
    ensure_answer(actor)
    now = clock.now()
    rows = Question.objects.select_related("asker", "assignee", "partner")
    if category:
        rows = rows.filter(category=category)
    if tab == "mine":
        user = acting_user(actor)
        rows = rows.filter(assignee_id=user.pk if user else None, status__in=QUESTION_OPEN)
    elif tab == "overdue":
        rows = rows.filter(status__in=QUESTION_OPEN, due_at__lt=now)
    elif tab in ("referred", "answered", "closed"):
        rows = rows.filter(status=tab)
    else:
        rows = rows.filter(status=QuestionStatus.NEW)
    if tab in ("answered", "closed"):
        return rows.order_by("-updated_at", "-pk")
    return rows.order_by("due_at", "pk")


def queue_counts(*, actor, category: str = "") -> dict[str, int]:
    ensure_answer(actor)
    user = acting_user(actor)
    now = clock.now()
    rows = Question.objects.filter(category=category) if category else Question.objects.all()
    counts = rows.aggregate(
        new=Count("pk", filter=Q(status=QuestionStatus.NEW)),
        mine=Count("pk", filter=Q(assignee_id=user.pk if user else None, status__in=QUESTION_OPEN)),
        referred=Count("pk", filter=Q(status=QuestionStatus.REFERRED)),
        overdue=Count("pk", filter=Q(status__in=QUESTION_OPEN, due_at__lt=now)),
        answered=Count("pk", filter=Q(status=QuestionStatus.ANSWERED)),
        closed=Count("pk", filter=Q(status=QuestionStatus.CLOSED)),
    )
    counts["overdue"] += referral_overdue(actor=actor, category=category).count()
    return counts


def referral_overdue(*, actor, category: str = "") -> QuerySet[Referral]:
    """Referrals still unanswered past their due time (the overdue tab lists them too)."""
    ensure_answer(actor)
    rows = Referral.objects.filter(status=ReferralStatus.SENT, due_at__lt=clock.now())
    if category:
        rows = rows.filter(question__category=category)
    return rows.select_related("partner", "question").order_by("due_at", "pk")


@dataclass
class QuestionDetail:
    question: Question
    notes: list[QuestionNote]
    sources: list[QuestionSource]
    referrals: list[Referral]
    open_referral: Referral | None


def question_detail(*, actor, question_id: int) -> QuestionDetail:
    ensure_answer(actor)
    question = (
        Question.objects.select_related("asker", "assignee", "answered_by", "partner")
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        raise NotFoundError()
    notes = list(
        QuestionNote.objects.filter(question=question)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    sources = list(QuestionSource.objects.filter(question=question).order_by("position", "pk"))
    referrals = list(
        Referral.objects.filter(question=question)
        .select_related("partner", "sent_by", "answered_by")
        .order_by("sent_at", "pk")
    )
    open_referral = next((r for r in referrals if r.status == ReferralStatus.SENT), None)
    if question.asker is not None:  # the reader's name and card, shown to staff: audited
        audit.audit_record(
            actor=acting_user(actor),
            action=AuditAction.READ,
            subject=question.asker,
            fields=["name", "card_number", "reference_questions"],
        )
    return QuestionDetail(question, notes, sources, referrals, open_referral)


def alliance_partners() -> list[Partner]:
    """The partners questions may be referred to (active alliance members)."""
    ids = AllianceMember.objects.filter(is_active=True).values_list("partner_id", flat=True)
    return list(Partner.objects.filter(pk__in=ids).order_by("name_zh", "pk"))


def alliance_partner_ids() -> set[int]:
    return set(AllianceMember.objects.filter(is_active=True).values_list("partner_id", flat=True))


def _partner_referrals(actor) -> QuerySet[Referral]:
    ensure_can(actor, Perm.REFERENCE_PARTNER)
    rows = Referral.objects.select_related("partner", "question")
    scope = partner_scope(actor, Perm.REFERENCE_PARTNER)
    return rows if scope is None else rows.filter(partner_id__in=scope)


def referral_list_for_partner(*, actor, status: str = "") -> QuerySet[Referral]:
    """The referrals sent to the actor's partner (an administrator sees every
    partner's); open ones first, oldest due first."""
    rows = _partner_referrals(actor)
    if status in ReferralStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("-status", "due_at", "pk").prefetch_related(Prefetch("question__sources"))


def referral_for_partner(*, actor, referral_id: int) -> Referral:
    referral = _partner_referrals(actor).filter(pk=referral_id).first()
    if referral is None:
        raise NotFoundError()
    return referral


def question_for_api(*, actor, question_id: int) -> Question:
    """A question through the API: its asker (a signed-in reader), the partner that
    filed it (its librarians and key), or reference staff. Anyone else: not found."""
    question = (
        Question.objects.select_related("partner")
        .prefetch_related(Prefetch("sources", queryset=QuestionSource.objects.order_by("position")))
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        raise NotFoundError()
    if can(actor, Perm.REFERENCE_ANSWER):
        return question
    partner_id = acting_partner_id(actor)
    if partner_id is not None and question.partner_id == partner_id:
        return question
    reader = reader_of(actor)
    if reader is not None and question.asker_id == reader.pk:
        return question
    raise NotFoundError()


def referral_for_mail(*, referral_id: int) -> Referral | None:
    return Referral.objects.select_related("question", "partner").filter(pk=referral_id).first()


def referral_ids_overdue_unreminded() -> list[int]:
    """Open referrals past their due time whose partner has not been reminded."""
    return list(
        Referral.objects.filter(
            status=ReferralStatus.SENT, due_at__lt=clock.now(), reminded_at__isnull=True
        )
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )


def partner_librarians(*, partner_id: int) -> list[User]:
    """The active accounts holding the partner's reference role, with an e-mail address."""
    return list(
        User.objects.filter(
            is_active=True,
            staff_roles__role=Role.REFERENCE_PARTNER,
            staff_roles__partner_id=partner_id,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
