"""The export's lease: one export at a time across processes and nodes. A claim by
a conditional update (like a task claiming its work): of two exports that ask at
once, the database lets one update the row; the other's update matches nothing."""

import datetime as dt

from django.db.models import Q

from wenlan.analytics.models import ExportLease

EXPORT = "export"
# A batch renews the lease; an export that died loses it this long after its last batch.
LEASE = dt.timedelta(minutes=10)
NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def export_lease_take(*, holder: str, now: dt.datetime) -> bool:
    ExportLease.objects.bulk_create(
        [ExportLease(name=EXPORT, holder="", expires_at=NEVER)], ignore_conflicts=True
    )
    taken = (
        ExportLease.objects.filter(name=EXPORT)
        .filter(Q(expires_at__lt=now) | Q(holder=holder))
        .update(holder=holder, expires_at=now + LEASE)
    )
    return taken == 1


def export_lease_renew(*, holder: str, now: dt.datetime) -> bool:
    renewed = ExportLease.objects.filter(name=EXPORT, holder=holder).update(expires_at=now + LEASE)
    return renewed == 1


def export_lease_release(*, holder: str) -> None:
    ExportLease.objects.filter(name=EXPORT, holder=holder).update(holder="", expires_at=NEVER)
