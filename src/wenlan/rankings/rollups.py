"""The yearly rollup: a year's loans summed per work and library — the ranking's
first step — built once after loans feeds change (a task queued when an upload
commits, or `wenlan rankings rollup`) rather than on every yearly ranking. A rollup
is used only while the current loans parts it was built from are still current."""

import hashlib
import secrets
import time

from django.conf import settings
from django.db import IntegrityError, transaction

from wenlan.analytics.storage import Store
from wenlan.core import clock
from wenlan.rankings import pipeline
from wenlan.rankings.enums import FeedKind
from wenlan.rankings.models import FeedPart, LoansRollup
from wenlan.rankings.policies import period_parse


def _store() -> Store:
    return Store(settings.WENLAN_ANALYTICS_URI)


def _parts(year: str) -> tuple[str, list[str]]:
    parts = list(
        FeedPart.objects.filter(
            kind=FeedKind.LOANS, current=True, period__gte=f"{year}-01", period__lte=f"{year}-12"
        ).order_by("pk")
    )
    key = hashlib.sha256(",".join(str(p.pk) for p in parts).encode()).hexdigest()
    return key, [p.path for p in parts]


def rollup_current(year: str) -> LoansRollup | None:
    rollup = LoansRollup.objects.filter(year=year).first()
    if rollup is None or rollup.parts_key != _parts(year)[0]:
        return None
    return rollup


def rollup_build(*, year: str) -> LoansRollup | None:
    """Build `year`'s rollup from its current loans parts; None if they changed
    meanwhile (the next refresh builds it) or there are none."""
    key, paths = _parts(year)
    if not paths:
        return None
    store = _store()
    started = time.monotonic()
    token = f"{clock.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    relative = f"rankings/rollups/year={year}/rollup-{token}.parquet"
    target = store.path(relative)
    store.fs.create_dir(target.rsplit("/", 1)[0], recursive=True)
    rows = pipeline.rollup_write(
        loans_files=[store.url(p) for p in paths], period=period_parse(year), target=target
    )
    try:
        rollup = _rollup_record(year=year, key=key, relative=relative, rows=rows, started=started)
    except IntegrityError:  # another build of the same year recorded its rollup first
        rollup = None
    if rollup is None:
        store.delete(relative)
    return rollup


def rollups_refresh() -> int:
    """Rebuild every year whose rollup is missing or stale; returns how many."""
    years = sorted(
        {
            period[:4]
            for period in FeedPart.objects.filter(kind=FeedKind.LOANS, current=True)
            .values_list("period", flat=True)
            .distinct()
        }
    )
    built = 0
    for year in years:
        if rollup_current(year) is None and rollup_build(year=year) is not None:
            built += 1
    return built


@transaction.atomic
def _rollup_record(
    *, year: str, key: str, relative: str, rows: int, started: float
) -> LoansRollup | None:
    """Record the new rollup if its parts are still the current ones."""
    if _parts(year)[0] != key:
        return None
    previous = LoansRollup.objects.select_for_update().filter(year=year).first()
    old_path = previous.path if previous else None
    rollup, _created = LoansRollup.objects.update_or_create(
        year=year,
        defaults={
            "path": relative,
            "parts_key": key,
            "rows": rows,
            "built_at": clock.now(),
            "seconds": round(time.monotonic() - started, 3),
        },
    )
    if old_path and old_path != relative:
        # A ranking that opened the old file a moment ago keeps its handle.
        transaction.on_commit(lambda: _store().delete(old_path))
    return rollup
