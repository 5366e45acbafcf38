"""Couriers: one interface, a source of status events by tracking number, and one
real implementation of it, the CSV file a courier company sends (tracking number,
status, time), which `wenlan o2o import-courier-status FILE` loads. Staff typing a
status on a parcel's page make the same event. Applying an event is one service."""

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.o2o import locks
from wenlan.o2o.enums import CourierEvent, ParcelStatus, StepNote
from wenlan.o2o.errors import DeliveryNotFoundError, UnknownTrackingNumberError
from wenlan.o2o.models import ParcelStep
from wenlan.o2o.permissions import ensure_delivery, ensure_delivery_anywhere
from wenlan.o2o.selectors.delivery import parcel_by_tracking_number
from wenlan.o2o.services.delivery import parcel_step
from wenlan.o2o.services.delivery_parcels import parcel_deliver_authorised, parcel_fail


@dataclass(frozen=True)
class CourierStatus:
    """One event of a courier: row is its place in the source (1 for the first)."""

    row: int
    tracking_number: str
    status: str
    at: dt.datetime | None
    problem: str = ""  # why the row cannot be read, when it cannot


class CourierStatusSource(Protocol):
    def statuses(self) -> Iterator[CourierStatus]: ...


class CsvCourierFile:
    """A courier company's status file: UTF-8 (a BOM is fine) CSV with a header
    `tracking_number,status,time`; status one of CourierEvent's values; time ISO
    8601 (local time when it has no offset)."""

    def __init__(self, path: Path):
        self.path = path

    def statuses(self) -> Iterator[CourierStatus]:
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"tracking_number", "status", "time"} - set(reader.fieldnames or [])
            if missing:
                yield CourierStatus(1, "", "", None, _("缺少列：%(cols)s") % {
                    "cols": ", ".join(sorted(missing))})  # fmt: skip
                return
            for number, row in enumerate(reader, start=2):
                yield _status_row(number, row)


def _status_row(number: int, row: dict) -> CourierStatus:
    tracking = (row.get("tracking_number") or "").strip()
    status = (row.get("status") or "").strip().lower()
    at = parse_datetime((row.get("time") or "").strip())
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    problem = ""
    if not tracking:
        problem = _("缺少快递单号")
    elif status not in CourierEvent.values:
        problem = _("未知状态“%(status)s”") % {"status": status}
    elif at is None:
        problem = _("时间无法识别")
    return CourierStatus(number, tracking, status, at, problem)


@dataclass
class CourierStatusOutcome:
    changed: bool
    status: str


def parcel_courier_status(
    *, actor, tracking_number: str, status: str, at: dt.datetime | None = None
) -> CourierStatusOutcome:
    """A courier's event applied to its parcel: taken in and moving (the parcel was
    seen; a packed parcel counts as dispatched), delivered (the loans start) or
    failed (the copies go back). A repeated event changes nothing."""
    ensure_delivery_anywhere(actor)
    parcel = parcel_by_tracking_number(tracking_number=tracking_number.strip())
    if parcel is None:
        raise UnknownTrackingNumberError()
    ensure_delivery(actor, library_id=parcel.library_id)
    at = at or clock.now()
    if status == CourierEvent.DELIVERED:
        if parcel.status in (ParcelStatus.DELIVERED, ParcelStatus.RETURN_REQUESTED):
            return CourierStatusOutcome(False, parcel.status)
        return CourierStatusOutcome(
            True,
            parcel_deliver_authorised(parcel_id=parcel.pk, note=StepNote.COURIER_SIGNED).status,
        )
    if status == CourierEvent.FAILED:
        if parcel.status == ParcelStatus.FAILED:
            return CourierStatusOutcome(False, parcel.status)
        result = parcel_fail(actor=actor, parcel_id=parcel.pk, reason=StepNote.COURIER_FAILED)
        return CourierStatusOutcome(True, result.status)
    return _seen(parcel_id=parcel.pk, status=status, at=at)


@transaction.atomic(durable=True)
def _seen(*, parcel_id: int, status: str, at: dt.datetime) -> CourierStatusOutcome:
    (parcel,) = locks.parcels_lock(parcel_ids=[parcel_id])
    if parcel is None:
        raise DeliveryNotFoundError()
    if parcel.courier_seen_at is not None and at <= parcel.courier_seen_at:
        return CourierStatusOutcome(False, parcel.status)
    parcel.courier_seen_at = at
    parcel.save(update_fields=["courier_seen_at"])
    if parcel.status == ParcelStatus.PACKED:
        parcel_step(
            parcel,
            ParcelStatus.DISPATCHED,
            step=pgettext("悦借步骤", "发货"),
            note=status,
        )
    else:
        ParcelStep.objects.create(parcel=parcel, status=parcel.status, at=at, note=status)
    return CourierStatusOutcome(True, parcel.status)


@dataclass
class CourierImportReport:
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "unknown_tracking_numbers": self.unknown,
            "bad_rows": len(self.bad),
        }


def courier_statuses_import(*, actor, source: CourierStatusSource) -> CourierImportReport:
    """Every event of the source, each on its own (one bad row stops nothing):
    unknown tracking numbers and rows that cannot be read or applied are reported."""
    report = CourierImportReport()
    for status in source.statuses():
        report.rows += 1
        if status.problem:
            report.bad.append((status.row, status.problem))
            continue
        try:
            outcome = parcel_courier_status(
                actor=actor, tracking_number=status.tracking_number, status=status.status,
                at=status.at,
            )  # fmt: skip
        except UnknownTrackingNumberError:
            report.unknown.append(status.tracking_number)
            report.bad.append((status.row, _("未知快递单号 %(n)s") % {"n": status.tracking_number}))
            continue
        except WenlanError as error:
            report.bad.append((status.row, str(error)))
            continue
        if outcome.changed:
            report.changed += 1
        else:
            report.unchanged += 1
    return report
