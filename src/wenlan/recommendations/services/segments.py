"""Staff label a segment and announce an event to it. Staff never learn who is in
a segment: the announcement turns its members' pseudonyms back into readers only
to write each one a notice, and returns a count."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services.log import analytics_secret
from wenlan.core import audit, clock
from wenlan.core.errors import NotFoundError
from wenlan.core.i18n import translated
from wenlan.core.models import AuditAction
from wenlan.events.selectors.events import event_get_public
from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import in_every_language
from wenlan.notices.services import notice_create
from wenlan.patrons.selectors import readers_allowing_analytics
from wenlan.recommendations.errors import (
    AlreadyAnnouncedError,
    EventNotOpenError,
    LabelTooLongError,
    SegmentNotFoundError,
    SegmentTooSmallError,
)
from wenlan.recommendations.locks import segment_lock
from wenlan.recommendations.models import Segment, SegmentAnnouncement, SegmentMember
from wenlan.recommendations.policies import MIN_READERS

LABEL_MAX = 40


@transaction.atomic
def segment_label(*, actor, segment_id: int, label_zh: str, label_en: str) -> Segment:
    ensure_can(actor, Perm.AUDIENCE_MANAGE)
    label_zh, label_en = label_zh.strip(), label_en.strip()
    if len(label_zh) > LABEL_MAX or len(label_en) > LABEL_MAX:
        raise LabelTooLongError()
    segment = segment_lock(segment_id)
    if segment is None:
        raise SegmentNotFoundError()
    segment.label_zh, segment.label_en = label_zh, label_en
    segment.labelled_by = acting_user(actor)
    segment.save(update_fields=["label_zh", "label_en", "labelled_by"])
    audit.audit_record(
        actor=acting_user(actor),
        action=AuditAction.CHANGE,
        subject=segment,
        fields=["label_zh", "label_en"],
    )
    return segment


def segment_reader_ids(*, actor, segment: Segment) -> list[int]:
    """The readers to write to when `actor` sends something to `segment`: its
    members whose preferred library is within the actor's AUDIENCE_MANAGE reach,
    their pseudonyms turned back into reader ids. Only for writing each one a
    notice inside the sending service; never shown, never returned to a page.
    Refused (SegmentTooSmallError) under MIN_READERS members in reach."""
    scope = library_scope(actor, Perm.AUDIENCE_MANAGE)
    members = SegmentMember.objects.filter(segment=segment)
    if scope is not None:
        members = members.filter(library_id__in=scope)
    pseudonyms = set(members.values_list("pseudonym", flat=True))
    if len(pseudonyms) < MIN_READERS:
        raise SegmentTooSmallError()
    secret = analytics_secret()
    return [
        reader_id
        for reader_id, _library in readers_allowing_analytics()
        if reader_pseudonym(secret=secret, reader_id=reader_id) in pseudonyms
    ]


def _event_library(event) -> int | None:
    if event.venue_id and event.venue.library_id:
        return event.venue.library_id
    return event.organiser_library_id


@transaction.atomic
def segment_event_announce(*, actor, segment_id: int, event_id: int) -> SegmentAnnouncement:
    """Every member of the segment whose preferred library is within the actor's
    reach gets a library message about the event. Once per segment and event: the
    segment's row is locked, then the rule re-read; a unique constraint backs it."""
    ensure_can(actor, Perm.AUDIENCE_MANAGE)
    try:
        event = event_get_public(event_id=event_id)
    except NotFoundError as error:
        raise EventNotOpenError() from error
    if event.status != "published" or not _upcoming(event):
        raise EventNotOpenError()
    library_id = _event_library(event)
    if library_id is not None:
        ensure_can(actor, Perm.AUDIENCE_MANAGE, library_id=library_id)
    segment = segment_lock(segment_id)
    if segment is None:
        raise SegmentNotFoundError()
    if SegmentAnnouncement.objects.filter(segment=segment, event_id=event.pk).exists():
        raise AlreadyAnnouncedError()
    reader_ids = segment_reader_ids(actor=actor, segment=segment)
    announcement = SegmentAnnouncement.objects.create(
        segment=segment, event_id=event.pk, sent_by=acting_user(actor), sent_at=clock.now()
    )
    title = in_every_language(lambda: translated(event, "title"))
    link = reverse("events:event_detail", kwargs={"event_id": event.pk})
    sent = 0
    for reader_id in reader_ids:
        notice = notice_create(
            reader_id=reader_id,
            kind=NoticeKind.LIBRARY_MESSAGE,
            key=f"segment-{announcement.pk}-{reader_id}",
            params={
                "title": title,
                "message": in_every_language(lambda: _("图书馆为您推荐一场活动")),
            },
            link=link,
        )
        sent += notice is not None
    announcement.recipients = sent
    announcement.save(update_fields=["recipients"])
    return announcement


def _upcoming(event) -> bool:
    now = clock.now()
    return any(o.ends_at >= now for o in event.occurrence_list)
