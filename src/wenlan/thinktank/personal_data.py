"""The think tank holds no reader's data of its own: its rows name staff accounts
and enterprise contacts. An account that is both a reader's and such staff's (normally
none) gets, in its export, what it did there; the rows stay on erasure, as the
record of the work (the account's row stays too, blanked)."""

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.thinktank.models import (
    Bulletin,
    BulletinEvent,
    Clipping,
    ClippingAlert,
    ConsultingRequest,
    DeskLogEntry,
    SessionRequest,
    Submission,
    TopicFollow,
)


def thinktank_work_export(reader_id: int) -> dict:
    of_reader = {"reader__pk": reader_id}

    def by(model, field: str):
        return model.objects.filter(**{f"{field}__{k}": v for k, v in of_reader.items()})

    return {
        "clippings_added": [
            {"id": c.pk, "title": c.title, "added_at": iso(c.created_at)}
            for c in by(Clipping, "created_by").order_by("pk")
        ],
        "topics_followed": [
            f.topic.name_zh for f in by(TopicFollow, "user").select_related("topic")
        ],
        "alerts": [
            {"clipping": a.clipping_id, "keyword": a.keyword, "at": iso(a.created_at)}
            for a in by(ClippingAlert, "user").order_by("pk")
        ],
        "bulletins_drafted": [
            {"id": b.pk, "title": b.title} for b in by(Bulletin, "created_by").order_by("pk")
        ],
        "bulletin_steps": [
            {"bulletin": e.bulletin_id, "action": e.action, "at": iso(e.at)}
            for e in by(BulletinEvent, "actor").order_by("pk")
        ],
        "submissions_logged": [
            {"bulletin": s.bulletin_id, "office": s.office, "on": iso(s.submitted_on)}
            for s in by(Submission, "created_by").order_by("pk")
        ],
        "session_requests_assigned": [r.pk for r in by(SessionRequest, "assignee").order_by("pk")],
        "desk_log": [
            {"place": e.place, "at": iso(e.at)} for e in by(DeskLogEntry, "staff").order_by("pk")
        ],
        "consulting_filed": [
            {"id": r.pk, "title": r.title, "status": r.status, "filed_at": iso(r.filed_at)}
            for r in by(ConsultingRequest, "filed_by").order_by("pk")
        ],
        "consulting_assigned": [r.pk for r in by(ConsultingRequest, "assignee").order_by("pk")],
    }


SECTIONS = (
    PersonalDataSection(
        name="thinktank_work",
        models=(
            "thinktank.Clipping",
            "thinktank.TopicFollow",
            "thinktank.ClippingAlert",
            "thinktank.Bulletin",
            "thinktank.BulletinEvent",
            "thinktank.Submission",
            "thinktank.SessionRequest",
            "thinktank.DeskLogEntry",
            "thinktank.ConsultingRequest",
        ),
        export=thinktank_work_export,
    ),
)
