"""The circulation event log: append-only rows, one per lend, return, renewal,
hold step or transit, written in the transaction of the service that made them.
Readers appear only by a pseudonym, and only when they allow analytics."""

import hashlib
import hmac

from django.conf import settings

from wenlan.circulation.enums import EventKind
from wenlan.circulation.models import CirculationEvent
from wenlan.circulation.policies import reader_pseudonym
from wenlan.core import clock
from wenlan.patrons.models import Reader


def analytics_secret() -> str:
    return (
        settings.WENLAN_ANALYTICS_SECRET
        or hmac.new(settings.SECRET_KEY.encode(), b"wenlan-analytics", hashlib.sha256).hexdigest()
    )


def event_new(
    *,
    kind: EventKind,
    reader: Reader | None,
    item_id: int | None,
    record_id: int | None,
    library_id: int | None,
    channel: str,
) -> CirculationEvent:
    pseudonym = ""
    if reader is not None and reader.allow_analytics:
        pseudonym = reader_pseudonym(secret=analytics_secret(), reader_id=reader.pk)
    return CirculationEvent(
        at=clock.now(),
        kind=kind,
        reader_pseudonym=pseudonym,
        reader_category=reader.category if reader is not None else "",
        item_id=item_id,
        record_id=record_id,
        library_id=library_id,
        channel=channel[:8],
    )


def events_write(events: list[CirculationEvent]) -> None:
    CirculationEvent.objects.bulk_create(events)
