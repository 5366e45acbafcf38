"""A published list sent to a reader segment. Staff never learn who is in the
segment: recommendations' `segment_reader_ids` turns its members back into
readers only to write each one a notice here, and the sender sees a count."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.booklists.enums import BookListStatus
from wenlan.booklists.errors import (
    BookListAlreadySentError,
    BookListNotFoundError,
    BookListNotPublishedError,
)
from wenlan.booklists.locks import booklist_lock
from wenlan.booklists.models import BookListAnnouncement
from wenlan.core import audit, clock
from wenlan.core.i18n import translated
from wenlan.core.models import AuditAction
from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import in_every_language
from wenlan.notices.services import notice_create
from wenlan.recommendations.errors import SegmentNotFoundError
from wenlan.recommendations.selectors import segment_get
from wenlan.recommendations.services.segments import segment_reader_ids


@transaction.atomic
def booklist_segment_send(*, actor, list_id: int, segment_id: int) -> BookListAnnouncement:
    """Every member of the segment whose preferred library is within the actor's
    AUDIENCE_MANAGE reach gets a library message linking to the list's public
    page. Once per list and segment: the list's row is locked, then the rule
    re-read; a unique constraint backs it. Under MIN_READERS members in reach,
    refused (recommendations' SegmentTooSmallError)."""
    ensure_can(actor, Perm.BOOKLIST_MANAGE)
    ensure_can(actor, Perm.AUDIENCE_MANAGE)
    book_list = booklist_lock(list_id)
    if book_list is None:
        raise BookListNotFoundError()
    ensure_can(actor, Perm.BOOKLIST_MANAGE, library_id=book_list.library_id)
    ensure_can(actor, Perm.AUDIENCE_MANAGE, library_id=book_list.library_id)
    if book_list.status != BookListStatus.PUBLISHED:
        raise BookListNotPublishedError()
    segment = segment_get(segment_id=segment_id)
    if segment is None:
        raise SegmentNotFoundError()
    if BookListAnnouncement.objects.filter(book_list=book_list, segment=segment).exists():
        raise BookListAlreadySentError()
    reader_ids = segment_reader_ids(actor=actor, segment=segment)
    announcement = BookListAnnouncement.objects.create(
        book_list=book_list, segment=segment, sent_by=acting_user(actor), sent_at=clock.now()
    )
    title = in_every_language(lambda: translated(book_list, "title"))
    message = in_every_language(lambda: _("图书馆为您推荐一份书单"))
    link = reverse("booklists:public_detail", kwargs={"list_id": book_list.pk})
    sent = 0
    for reader_id in reader_ids:
        notice = notice_create(
            reader_id=reader_id,
            kind=NoticeKind.LIBRARY_MESSAGE,
            key=f"booklist-{announcement.pk}-{reader_id}",
            params={"title": title, "message": message},
            link=link,
        )
        sent += notice is not None
    announcement.recipients = sent
    announcement.save(update_fields=["recipients"])
    audit.audit_record(
        actor=acting_user(actor),
        action=AuditAction.CREATE,
        subject=announcement,
        fields=["segment", "recipients"],
    )
    return announcement
