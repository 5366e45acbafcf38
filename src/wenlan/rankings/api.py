"""`/api/rankings/...`: a source sends its feed with its API key."""

from django.utils.translation import gettext as _
from ninja import File, Router, UploadedFile

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import ValidationError
from wenlan.rankings.enums import FeedKind
from wenlan.rankings.schemas import FeedReportOut
from wenlan.rankings.selectors import sources_for
from wenlan.rankings.services import feed_upload

router = Router(tags=["rankings"])
FEED_FILE = File(None)


@router.post(
    "/feeds/{kind}",
    response=FeedReportOut,
    summary="Send a feed file (loans, sales or titles); the answer is its report",
)
def feed_send(request, kind: FeedKind, file: UploadedFile | None = FEED_FILE, source: str = ""):
    """`source`: the source's code, needed only when the caller sends for several
    sources of this kind. The file is CSV, Excel (.xlsx) or JSON (docs/rankings-feeds.md);
    a refused file is answered 200 with `refused` saying why, and changes nothing."""
    ensure_can(request.auth, Perm.RANKING_FEED)
    if file is None:
        raise ValidationError(_("请上传数据文件（file）。"), field="file")
    if not source:
        codes = list(sources_for(actor=request.auth, kind=kind).values_list("code", flat=True))
        if len(codes) != 1:
            raise ValidationError(_("请用 source 参数指明数据源。"), field="source")
        source = codes[0]
    report = feed_upload(
        actor=request.auth,
        source_code=source,
        stream=file.file,
        file_name=file.name or "feed.csv",
        kind=kind,
    )
    return report.summary()
