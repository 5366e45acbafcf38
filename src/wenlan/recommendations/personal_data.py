"""What the recommendations hold about a reader: their stored lists (by reader id),
and the segment their pseudonym is in (found by computing the pseudonym)."""

from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services.log import analytics_secret
from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.recommendations.models import (
    EventRecommendation,
    Recommendation,
    Segment,
    SegmentAnnouncement,
    SegmentMember,
)
from wenlan.recommendations.services.readers import recs_delete_for_reader


def _pseudonym(reader_id: int) -> str:
    return reader_pseudonym(secret=analytics_secret(), reader_id=reader_id)


def recommendations_export(reader_id: int) -> dict:
    member = (
        SegmentMember.objects.filter(pseudonym=_pseudonym(reader_id))
        .select_related("segment")
        .first()
    )
    return {
        "books": [
            {"rank": r.rank, "record_id": r.record_id, "title": r.record.title, "reason": r.reason}
            for r in Recommendation.objects.filter(reader_id=reader_id)
            .select_related("record")
            .order_by("rank")
        ],
        "events": [
            {"rank": r.rank, "event_id": r.event_id, "reason": r.reason}
            for r in EventRecommendation.objects.filter(reader_id=reader_id).order_by("rank")
        ],
        "segment": member.segment.code if member else None,
    }


def recommendations_erase(reader_id: int) -> None:
    recs_delete_for_reader(reader_id=reader_id)
    SegmentMember.objects.filter(pseudonym=_pseudonym(reader_id)).delete()


def recommendations_work_export(reader_id: int) -> dict:
    """What the account did as staff (normally nothing): segments it labelled,
    announcements it sent. Kept on erasure as the record of the work."""
    return {
        "segments_labelled": [
            s.code for s in Segment.objects.filter(labelled_by__reader__pk=reader_id)
        ],
        "announcements_sent": [
            {"segment": a.segment.code, "event_id": a.event_id, "sent_at": iso(a.sent_at)}
            for a in SegmentAnnouncement.objects.filter(sent_by__reader__pk=reader_id)
            .select_related("segment")
            .order_by("pk")
        ],
    }


SECTIONS = (
    PersonalDataSection(
        name="recommendations",
        models=("recommendations.Recommendation", "recommendations.EventRecommendation"),
        export=recommendations_export,
        erase=recommendations_erase,
    ),
    PersonalDataSection(
        name="recommendations_work",
        models=("recommendations.Segment", "recommendations.SegmentAnnouncement"),
        export=recommendations_work_export,
    ),
)
