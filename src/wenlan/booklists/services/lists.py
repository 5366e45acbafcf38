"""A reading list's life: made (by hand or from a planning suggestion), its title
and description edited, published, withdrawn. Each write locks the list's row,
re-reads the rule, and leaves its audit entry in the same transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.booklists import policies
from wenlan.booklists.enums import BookListStatus, TopicKind
from wenlan.booklists.errors import (
    BookListEmptyError,
    BookListNotFoundError,
    BookListStatusError,
)
from wenlan.booklists.locks import booklist_lock
from wenlan.booklists.models import BookList, BookListItem
from wenlan.booklists.selectors import records_about
from wenlan.catalog.selectors.records import records_availability, records_of_class
from wenlan.core import audit, clock
from wenlan.core.errors import ValidationError
from wenlan.core.models import AuditAction

TOPIC_CANDIDATES = 60


def _texts(*, title_zh: str, title_en: str, description_zh: str, description_en: str):
    title_zh, title_en = title_zh.strip(), title_en.strip()
    if not title_zh:
        raise ValidationError(_("请填写中文标题。"), field="title_zh")
    if len(title_zh) > policies.TITLE_MAX or len(title_en) > policies.TITLE_MAX:
        raise ValidationError(_("标题最多 120 个字。"), field="title_zh")
    return title_zh, title_en, description_zh.strip(), description_en.strip()


def locked_for_edit(*, actor, list_id: int) -> BookList:
    """The list's row, locked, once `actor` may edit lists of its library."""
    ensure_can(actor, Perm.BOOKLIST_MANAGE)
    book_list = booklist_lock(list_id)
    if book_list is None:
        raise BookListNotFoundError()
    ensure_can(actor, Perm.BOOKLIST_MANAGE, library_id=book_list.library_id)
    return book_list


@transaction.atomic
def booklist_create(
    *,
    actor,
    library_id: int,
    title_zh: str,
    title_en: str = "",
    description_zh: str = "",
    description_en: str = "",
    origin: str = "",
) -> BookList:
    ensure_can(actor, Perm.BOOKLIST_MANAGE, library_id=library_id)
    title_zh, title_en, description_zh, description_en = _texts(
        title_zh=title_zh,
        title_en=title_en,
        description_zh=description_zh,
        description_en=description_en,
    )
    book_list = BookList.objects.create(
        library_id=library_id,
        title_zh=title_zh,
        title_en=title_en,
        description_zh=description_zh,
        description_en=description_en,
        origin=origin[:300],
        created_by=acting_user(actor),
        created_at=clock.now(),
    )
    audit.audit_record(
        actor=acting_user(actor),
        action=AuditAction.CREATE,
        subject=book_list,
        fields=["title_zh", "title_en", "description_zh", "description_en"],
    )
    return book_list


@transaction.atomic
def booklist_update(
    *,
    actor,
    list_id: int,
    title_zh: str,
    title_en: str,
    description_zh: str,
    description_en: str,
) -> BookList:
    book_list = locked_for_edit(actor=actor, list_id=list_id)
    (
        book_list.title_zh,
        book_list.title_en,
        book_list.description_zh,
        book_list.description_en,
    ) = _texts(
        title_zh=title_zh,
        title_en=title_en,
        description_zh=description_zh,
        description_en=description_en,
    )
    fields = ["title_zh", "title_en", "description_zh", "description_en"]
    book_list.save(update_fields=fields)
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.CHANGE, subject=book_list, fields=fields
    )
    return book_list


@transaction.atomic
def booklist_publish(*, actor, list_id: int) -> BookList:
    """A draft or withdrawn list goes public; an empty one is refused."""
    book_list = locked_for_edit(actor=actor, list_id=list_id)
    books = BookListItem.objects.filter(book_list=book_list).count()
    if book_list.status == BookListStatus.PUBLISHED:
        raise BookListStatusError()
    if not policies.can_publish(status=book_list.status, books=books):
        raise BookListEmptyError()
    book_list.status = BookListStatus.PUBLISHED
    book_list.published_at = clock.now()
    book_list.save(update_fields=["status", "published_at"])
    audit.audit_record(
        actor=acting_user(actor),
        action=AuditAction.CHANGE,
        subject=book_list,
        fields=["status", "published_at"],
    )
    return book_list


@transaction.atomic
def booklist_withdraw(*, actor, list_id: int) -> BookList:
    book_list = locked_for_edit(actor=actor, list_id=list_id)
    if not policies.can_withdraw(status=book_list.status):
        raise BookListStatusError()
    book_list.status = BookListStatus.WITHDRAWN
    book_list.save(update_fields=["status"])
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.CHANGE, subject=book_list, fields=["status"]
    )
    return book_list


def topic_record_ids(*, topic_kind: str, topic_key: str, limit: int) -> list[int]:
    """Catalog records of a planning topic: the CLC class's records for "clc"
    (planning's topics are top classes), the records whose title or subjects hold
    the word for "word". Those with a copy on a shelf first, then the most borrowed."""
    if topic_kind == TopicKind.CLC:
        record_ids = records_of_class(clc=topic_key, limit=TOPIC_CANDIDATES)
    else:
        record_ids = records_about(word=topic_key, limit=TOPIC_CANDIDATES)
    counts = records_availability(record_ids=record_ids)
    return policies.shelf_first([(pk, counts[pk].available) for pk in record_ids])[:limit]


@transaction.atomic
def booklist_draft_from_topic(
    *,
    actor,
    library_id: int,
    topic_kind: str,
    topic_key: str,
    topic_zh: str,
    topic_en: str,
    evidence_zh: str,
    evidence_en: str,
) -> BookList:
    """A draft list of `library_id` titled from a planning suggestion (its topic and
    evidence as each language says them), its description the evidence, filled with
    up to DRAFT_BOOKS records of the topic. Staff complete it and publish it."""
    ensure_can(actor, Perm.BOOKLIST_MANAGE, library_id=library_id)
    if topic_kind not in TopicKind.values or not topic_key.strip() or not topic_zh.strip():
        raise ValidationError(_("请填写主题。"), field="topic_zh")
    title_zh, title_en = policies.draft_titles(topic_zh=topic_zh, topic_en=topic_en)
    description_zh, description_en = policies.draft_descriptions(
        evidence_zh=evidence_zh, evidence_en=evidence_en
    )
    book_list = booklist_create(
        actor=actor,
        library_id=library_id,
        title_zh=title_zh,
        title_en=title_en,
        description_zh=description_zh,
        description_en=description_en,
        origin=policies.draft_origin(
            kind=topic_kind, key=topic_key.strip(), evidence=evidence_en or evidence_zh
        ),
    )
    record_ids = topic_record_ids(
        topic_kind=topic_kind, topic_key=topic_key, limit=policies.DRAFT_BOOKS
    )
    BookListItem.objects.bulk_create(
        BookListItem(book_list=book_list, record_id=record_id, position=n)
        for n, record_id in enumerate(record_ids, start=1)
    )
    return book_list
