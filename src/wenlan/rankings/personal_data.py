"""China Reading holds no reader's data: its rows name the staff account that
uploaded a feed, computed a ranking, or served on a reading list's panel (chaired
it, was invited, scored, declared a conflict, nominated). An account that is both a
reader's and such staff's (normally none) gets, in its export, what it did there;
the rows stay on erasure, as the record of the work (the account's row stays too,
blanked)."""

from django.db.models import Q

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.rankings.models import (
    Candidate,
    Conflict,
    FeedUpload,
    Invitation,
    ListEvent,
    RankingRun,
    ReadingList,
    Score,
)


def _panel_export(reader_id: int) -> dict:
    mine = Q(invitation__expert__reader__pk=reader_id)
    return {
        "reading_lists": [
            {"id": r.pk, "slug": r.slug, "created_at": iso(r.created_at)}
            for r in ReadingList.objects.filter(
                Q(chair__reader__pk=reader_id) | Q(created_by__reader__pk=reader_id)
            ).order_by("pk")
        ],
        "panel_invitations": [
            {"id": i.pk, "list": i.round.reading_list.slug, "invited_at": iso(i.invited_at)}
            for i in Invitation.objects.filter(expert__reader__pk=reader_id)
            .select_related("round__reading_list")
            .order_by("pk")
        ],
        "panel_scores": [
            {"candidate_id": s.candidate_id, "value": s.value, "comment": s.comment}
            for s in Score.objects.filter(mine).order_by("pk")
        ],
        "panel_conflicts": [
            {"candidate_id": c.candidate_id, "note": c.note, "declared_at": iso(c.declared_at)}
            for c in Conflict.objects.filter(mine).order_by("pk")
        ],
        "panel_nominations": [
            {"candidate_id": c.pk, "work": c.work.title, "reason": c.reason}
            for c in Candidate.objects.filter(nominated_by__reader__pk=reader_id)
            .select_related("work")
            .order_by("pk")
        ],
        "panel_events": [
            {"list_id": e.reading_list_id, "action": e.action, "at": iso(e.at)}
            for e in ListEvent.objects.filter(actor__reader__pk=reader_id).order_by("pk")
        ],
    }


def rankings_work_export(reader_id: int) -> dict:
    return {
        "feeds_uploaded": [
            {"id": u.pk, "kind": u.kind, "received_at": iso(u.received_at)}
            for u in FeedUpload.objects.filter(uploaded_by__reader__pk=reader_id).order_by("pk")
        ],
        "rankings_computed": [
            {"id": r.pk, "period": r.period, "computed_at": iso(r.computed_at)}
            for r in RankingRun.objects.filter(computed_by__reader__pk=reader_id).order_by("pk")
        ],
        **_panel_export(reader_id),
    }


SECTIONS = (
    PersonalDataSection(
        name="rankings_work",
        models=(
            "rankings.FeedUpload",
            "rankings.RankingRun",
            "rankings.ReadingList",
            "rankings.Invitation",
            "rankings.Score",
            "rankings.Conflict",
            "rankings.Candidate",
            "rankings.ListEvent",
        ),
        export=rankings_work_export,
    ),
)
