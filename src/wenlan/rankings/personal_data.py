"""China Reading holds no reader's data: its rows name the staff account that
uploaded a feed or computed a ranking. An account that is both a reader's and such
staff's (normally none) gets, in its export, what it did there; the rows stay on
erasure, as the record of the work (the account's row stays too, blanked)."""

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.rankings.models import FeedUpload, RankingRun


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
    }


SECTIONS = (
    PersonalDataSection(
        name="rankings_work",
        models=("rankings.FeedUpload", "rankings.RankingRun"),
        export=rankings_work_export,
    ),
)
