"""Pure rules of the analytics layer: export ids, partition names, the privacy
rule for published figures."""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings

# Export ids sort in time order (the cleanup compares them): UTC time, then a few
# random letters so that two exports in one second differ.
EXPORT_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
PART_FILE = re.compile(r"^part-(?P<export_id>\d{8}T\d{6}Z-[0-9a-f]{6})-(?P<n>c?\d+)\.parquet$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# A reader's events with no library (a hold step, a partner's event at an outside
# venue) go to the partition `library=0`.
NO_LIBRARY = 0


def export_id_for(*, at: dt.datetime, token: str) -> str:
    return f"{at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{token}"


def export_id_next(*, at: dt.datetime, token: str, previous: str | None) -> str:
    """The next export's id: from the time, but always after `previous` (a clock
    set back, or frozen in a test, must not make ids go back)."""
    export_id = export_id_for(at=at, token=token)
    if previous is None or export_id > previous:
        return export_id
    after = dt.datetime.strptime(previous[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    return export_id_for(at=after + dt.timedelta(seconds=1), token=token)


def month_of(local: dt.datetime | dt.date) -> str:
    return f"{local.year:04d}-{local.month:02d}"


def partition_dir(*, dataset: str, month: str, library: int) -> str:
    return f"{dataset}/month={month}/library={library}"


def part_file_name(*, export_id: str, n: int) -> str:
    return f"part-{export_id}-{n}.parquet"


def export_id_of_file(path: str) -> str | None:
    match = PART_FILE.match(path.rsplit("/", 1)[-1])
    return match["export_id"] if match else None


@dataclass(frozen=True)
class Suppressed:
    """Rows that may be published, and how many were held back as too small."""

    rows: list[dict[str, Any]]
    suppressed: int
    minimum: int


def suppress_small_cells(
    rows: Iterable[Mapping[str, Any]], readers_column: str, minimum: int | None = None
) -> Suppressed:
    """Keep only the rows whose `readers_column` counts at least `minimum` distinct
    readers (WENLAN_ANALYTICS_MIN_READERS, 10): a published or exported figure never
    covers fewer, so no reader can be singled out. A missing count is too small."""
    if minimum is None:
        minimum = settings.WENLAN_ANALYTICS_MIN_READERS
    kept, suppressed = [], 0
    for row in rows:
        readers = row.get(readers_column)
        if readers is not None and readers >= minimum:
            kept.append(dict(row))
        else:
            suppressed += 1
    return Suppressed(rows=kept, suppressed=suppressed, minimum=minimum)
