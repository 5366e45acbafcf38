"""The circulation log: append-only entries, one per lend, return, renewal,
hold step or transit, written in the transaction of the service that made them.
Readers appear only by a pseudonym, and only when they allow analytics."""

import hashlib
import hmac

from django.conf import settings

from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.models import CirculationLogEntry
from wenlan.circulation.policies import reader_pseudonym
from wenlan.core import clock
from wenlan.patrons.models import Reader


def analytics_secret() -> str:
    return (
        settings.WENLAN_ANALYTICS_SECRET
        or hmac.new(settings.SECRET_KEY.encode(), b"wenlan-analytics", hashlib.sha256).hexdigest()
    )


def log_entry_new(
    *,
    kind: LogEntryKind,
    reader: Reader | None,
    item_id: int | None,
    record_id: int | None,
    library_id: int | None,
    channel: str,
) -> CirculationLogEntry:
    pseudonym = ""
    if reader is not None and reader.allow_analytics:
        pseudonym = reader_pseudonym(secret=analytics_secret(), reader_id=reader.pk)
    return CirculationLogEntry(
        at=clock.now(),
        kind=kind,
        reader_pseudonym=pseudonym,
        reader_category=reader.category if reader is not None else "",
        item_id=item_id,
        record_id=record_id,
        library_id=library_id,
        channel=channel[:8],
    )


def log_entries_write(log_entries: list[CirculationLogEntry]) -> None:
    CirculationLogEntry.objects.bulk_create(log_entries)
