"""Feeds: a file (or the network's own rows) validated a row at a time, its good
rows written as one Parquet file per period, then made current in one transaction
that retires the parts they replace. Until that transaction commits nothing of the
upload is read by the ranking; a refused file changes nothing already loaded."""

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can
from wenlan.analytics.storage import Store
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.core.tasks import enqueue_once_on_commit
from wenlan.rankings import feedfiles, pipeline, works
from wenlan.rankings.enums import FeedKind, UploadStatus
from wenlan.rankings.errors import FeedRefusedError, FeedSourceNotFoundError
from wenlan.rankings.models import FeedPart, FeedSource, FeedUpload
from wenlan.rankings.policies import row_identity, row_validate

BATCH_ROWS = 5_000

# The pipeline reads these columns (titles: kept for the record and the recency term's
# publication dates, which go onto the works).
TITLES_SCHEMA = pa.schema(
    [
        ("month", pa.string()),
        ("isbn", pa.string()),
        ("work_id", pa.int64()),
        ("publisher", pa.string()),
        ("published_on", pa.date32()),
    ]
)
SCHEMAS: dict[str, pa.Schema] = {
    FeedKind.LOANS: pipeline.LOANS_SCHEMA,
    FeedKind.SALES: pipeline.SALES_SCHEMA,
    FeedKind.TITLES: TITLES_SCHEMA,
}


@dataclass
class FeedReport:
    upload_id: int | None
    accepted: int = 0
    rejected: int = 0
    replaced: int = 0
    errors: list[dict] = field(default_factory=list)
    message: str = ""
    periods: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.message)

    def summary(self) -> dict:
        return {
            "upload_id": self.upload_id,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "replaced": self.replaced,
            "periods": self.periods,
            "refused": self.message or None,
            "errors": self.errors,
        }


def store() -> Store:
    return Store(settings.WENLAN_ANALYTICS_URI)


def source_for_upload(*, actor, code: str) -> FeedSource:
    """The active source `code`, if `actor` may send its feeds."""
    source = FeedSource.objects.filter(code=code, active=True).first()
    if source is None:
        raise FeedSourceNotFoundError()
    ensure_can_feed(actor, source)
    return source


def ensure_can_feed(actor, source: FeedSource) -> None:
    ensure_can(actor, Perm.RANKING_FEED)
    if can(actor, Perm.RANKING_MANAGE):
        return
    if source.partner_id is None or not can(actor, Perm.RANKING_FEED, partner_id=source.partner_id):
        raise PermissionDeniedError()


class _PartWriters:
    def __init__(self, kind: str, source: FeedSource, token: str):
        self.kind, self.source, self.token = kind, source, token
        self.store = store()
        self.open: dict[str, pq.ParquetWriter] = {}
        self.paths: dict[str, str] = {}
        self.rows: dict[str, int] = {}

    def write(self, period: str, rows: list[dict]) -> None:
        if period not in self.open:
            relative = (
                f"rankings/{self.kind}/month={period}/source={self.source.code}/"
                f"part-{self.token}.parquet"
            )
            self.paths[period] = relative
            self.rows[period] = 0
            self.open[period] = self.store.writer(relative, SCHEMAS[self.kind])
        table = pa.Table.from_pylist(rows, schema=SCHEMAS[self.kind])
        self.open[period].write_table(table)
        self.rows[period] += len(rows)

    def close(self) -> None:
        for writer in self.open.values():
            writer.close()
        self.open.clear()

    def discard(self) -> None:
        self.close()
        for relative in self.paths.values():
            self.store.delete(relative)


def _keep_received(stream: BinaryIO, *, token: str, file_name: str, cap: int) -> tuple[str, int]:
    """The file as received (its first `cap` + 1 bytes: more is refused anyway)."""
    target = store()
    name = get_valid_filename(file_name)[:80] or "feed"
    relative = f"rankings/received/{clock.now():%Y-%m}/{token}-{name}"
    path = target.path(relative)
    target.fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
    size = 0
    with target.fs.open_output_stream(path) as out:
        while size <= cap:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            out.write(chunk)
            size += len(chunk)
    return relative, size


def feed_upload(
    *,
    actor,
    source_code: str,
    stream: BinaryIO,
    file_name: str,
    kind: str | None = None,
    mapping: feedfiles.Mapping | None = None,
    max_errors: int | None = None,
) -> FeedReport:
    """Validate and load one file from `source_code`: keep it as received, load its
    good rows, answer its report. Refused whole (nothing changed) on a wrong header,
    an unreadable file, a file over the size cap, or WENLAN_RANKINGS_MAX_ERRORS bad rows."""
    source = source_for_upload(actor=actor, code=source_code)
    if kind is not None and kind != source.kind:
        raise ValidationError(
            _("数据源 %(code)s 只接收“%(kind)s”数据。")
            % {"code": source.code, "kind": source.get_kind_display()},
            field="kind",
        )
    token = f"{clock.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    cap = settings.WENLAN_RANKINGS_MAX_UPLOAD_MB * 1024 * 1024
    relative, size = _keep_received(stream, token=token, file_name=file_name, cap=cap)
    fmt = feedfiles.format_of(file_name)
    with store().fs.open_input_file(store().path(relative)) as received:
        try:
            rows = feedfiles.feed_rows(
                received, fmt=fmt, kind=source.kind, mapping=mapping, size_cap=cap, size=size
            )
            return _load(
                actor=actor,
                source=source,
                rows=rows,
                token=token,
                file_name=file_name,
                stored_path=relative,
                size=size,
                max_errors=max_errors,
            )
        except FeedRefusedError as error:
            return _refused(actor, source, file_name, relative, size, str(error), FeedReport(None))


def feed_load_rows(*, actor, source: FeedSource, rows: Iterable[dict], label: str) -> FeedReport:
    """Rows made by the platform itself (the network's own loans from the export)."""
    ensure_can(actor, Perm.RANKING_MANAGE)
    token = f"{clock.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    numbered = (
        (n, {k: "" if v is None else str(v) for k, v in r.items()}, "")
        for n, r in enumerate(rows, start=2)
    )
    return _load(
        actor=actor,
        source=source,
        rows=numbered,
        token=token,
        file_name=label,
        stored_path="",
        size=0,
    )


def _refused(actor, source, file_name, stored_path, size, message, report) -> FeedReport:
    upload = FeedUpload.objects.create(
        source=source,
        kind=source.kind,
        received_at=clock.now(),
        uploaded_by=user_of(actor),
        file_name=file_name[:255],
        stored_path=stored_path,
        size=size,
        status=UploadStatus.REJECTED,
        accepted=0,
        rejected=report.rejected,
        errors=report.errors,
        message=message[:500],
    )
    report.upload_id, report.message, report.accepted = upload.pk, message, 0
    return report


def _load(
    *,
    actor,
    source: FeedSource,
    rows: Iterator,
    token: str,
    file_name: str,
    stored_path: str,
    size: int,
    max_errors: int | None = None,
) -> FeedReport:
    report = FeedReport(None)
    max_errors = max_errors or settings.WENLAN_RANKINGS_MAX_ERRORS
    today = clock.today()
    seen: set[tuple] = set()
    writers = _PartWriters(source.kind, source, token)
    pending: list[tuple[int, dict]] = []

    def flush() -> None:
        values_list = [v for _n, v in pending]
        resolved = works.works_resolve(kind=source.kind, rows=values_list)
        if source.kind == FeedKind.LOANS:
            for values, (library_id, province_number) in zip(
                values_list, works.libraries_resolve(rows=values_list), strict=True
            ):
                values["library_id"] = library_id
                values["province_number"] = province_number
        by_period: dict[str, list[dict]] = {}
        for values, work_id in zip(values_list, resolved, strict=True):
            by_period.setdefault(values["period"], []).append(
                _parquet_row(source.kind, values, work_id)
            )
        for period, period_rows in by_period.items():
            writers.write(period, period_rows)
        pending.clear()

    try:
        for number, raw, reason in rows:
            if raw is not None:
                result = row_validate(source.kind, raw, today=today)
                reason = result.reason
                if result.values is not None:
                    identity = row_identity(source.kind, result.values)
                    if identity in seen:
                        reason = _("与文件中前面的行重复")
                    else:
                        seen.add(identity)
            if reason:
                report.rejected += 1
                report.errors.append({"row": number, "reason": reason})
                if report.rejected >= max_errors:
                    raise FeedRefusedError(
                        _("错误达到 %(n)s 行，已停止读取（第 %(row)s 行）。")
                        % {"n": max_errors, "row": number}
                    )
                continue
            pending.append((number, result.values))
            report.accepted += 1
            if len(pending) >= BATCH_ROWS:
                flush()
        if pending:
            flush()
        writers.close()
    except FeedRefusedError as error:
        writers.discard()
        return _refused(actor, source, file_name, stored_path, size, str(error), report)
    report.periods = sorted(writers.paths)
    _make_current(actor, source, report, writers, file_name, stored_path, size)
    return report


def _parquet_row(kind: str, values: dict, work_id: int | None) -> dict:
    if kind == FeedKind.LOANS:
        return {
            "month": values["period"],
            "library_id": values["library_id"],
            "province_number": values["province_number"],
            "isbn": values["isbn"],
            "work_id": work_id,
            "loans": values["loans"],
            "readers": values["readers"] or 0,
        }
    if kind == FeedKind.SALES:
        return {
            "month": values["period"],
            "source_code": values["source_code"],
            "isbn": values["isbn"],
            "work_id": work_id,
            "units": values["units"],
            "channel": values["channel"],
        }
    return {
        "month": values["period"],
        "isbn": values["isbn"],
        "work_id": work_id,
        "publisher": values["publisher"],
        "published_on": values["published_on"],
    }


@transaction.atomic
def _make_current(actor, source, report, writers, file_name, stored_path, size) -> None:
    FeedSource.objects.select_for_update().filter(pk=source.pk).first()
    upload = FeedUpload.objects.create(
        source=source,
        kind=source.kind,
        received_at=clock.now(),
        uploaded_by=user_of(actor),
        file_name=file_name[:255],
        stored_path=stored_path,
        size=size,
        status=UploadStatus.LOADED,
        accepted=report.accepted,
        rejected=report.rejected,
        errors=report.errors,
    )
    previous = FeedPart.objects.filter(
        source=source, kind=source.kind, period__in=report.periods, current=True
    )
    report.replaced = sum(part.rows for part in previous)
    previous.update(current=False)
    FeedPart.objects.bulk_create(
        FeedPart(
            upload=upload,
            source=source,
            kind=source.kind,
            period=period,
            rows=writers.rows[period],
            path=writers.paths[period],
        )
        for period in report.periods
    )
    upload.replaced = report.replaced
    upload.save(update_fields=["replaced"])
    report.upload_id = upload.pk
    if source.kind == FeedKind.LOANS and report.periods:
        from wenlan.rankings.tasks import loans_rollups_refresh

        enqueue_once_on_commit(loans_rollups_refresh)


def user_of(actor):
    user = getattr(actor, "user", actor)
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def source_save(*, actor, source: FeedSource) -> FeedSource:
    """A source as staff edited it in the admin (network administrators)."""
    ensure_can(actor, Perm.RANKING_MANAGE)
    source.full_clean()
    source.save()
    return source
