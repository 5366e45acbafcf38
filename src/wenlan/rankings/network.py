"""The network's own libraries feed themselves: the `circulation` dataset of the
analytics export summed per library, month and record (the loans format), loaded
as the feed of the source `wenlan-network` like any other."""

from django.utils.translation import gettext as _

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.analytics.aggregations import MONTH_FROM, MONTH_TO, Aggregation
from wenlan.analytics.engines import aggregation_run
from wenlan.catalog.selectors.records import records_by_ids
from wenlan.network.selectors import library_list_by_code
from wenlan.rankings.enums import FeedKind
from wenlan.rankings.errors import PeriodInvalidError
from wenlan.rankings.models import FeedSource
from wenlan.rankings.policies import MONTH
from wenlan.rankings.services import FeedReport, feed_load_rows

NETWORK_SOURCE = "wenlan-network"
NETWORK_PROVINCE = "浙江"

LOANS_BY_LIBRARY_RECORD = Aggregation(
    "rankings_loans_by_library_record",
    "Loans and distinct borrowers per month, library and record (the loans feed).",
    (MONTH_FROM, MONTH_TO),
    """
    SELECT month, library, record_id, COUNT(*) AS loans,
           COUNT(DISTINCT NULLIF(reader_pseudonym, '')) AS readers
    FROM circulation
    WHERE kind = 'checkout' AND record_id IS NOT NULL AND library <> 0
          AND month BETWEEN :month_from AND :month_to
    GROUP BY month, library, record_id
    ORDER BY month, library, record_id
    """,
    "readers",
)


def network_source() -> FeedSource:
    source, _created = FeedSource.objects.get_or_create(
        code=NETWORK_SOURCE, defaults={"name": _("本网络各馆"), "kind": FeedKind.LOANS}
    )
    return source


def network_feed_load(*, actor, month: str) -> FeedReport:
    ensure_can(actor, Perm.RANKING_MANAGE)
    if not MONTH.match(month or ""):
        raise PeriodInvalidError()
    result = aggregation_run(
        LOANS_BY_LIBRARY_RECORD, params={"month_from": month, "month_to": month}
    )
    codes = dict(library_list_by_code().values_list("pk", "code"))
    records = {
        r.pk: r for r in records_by_ids(record_ids=sorted({r["record_id"] for r in result.rows}))
    }
    rows = []
    for row in result.rows:
        record = records.get(row["record_id"])
        if record is None or row["library"] not in codes:
            continue
        rows.append(
            {
                "library_code": codes[row["library"]],
                "province": NETWORK_PROVINCE,
                "period": row["month"],
                "isbn": (record.isbns or [""])[0],
                "title": record.title,
                "author": _author(record.authors),
                "loans": row["loans"],
                "readers": row["readers"],
                "clc": record.clc,
            }
        )
    return feed_load_rows(
        actor=actor, source=network_source(), rows=rows, label=f"analytics export {month}"
    )


def _author(authors: list) -> str:
    if not authors:
        return ""
    first = authors[0]
    return str(first.get("name", "")) if isinstance(first, dict) else str(first)
