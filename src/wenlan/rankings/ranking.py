"""`ranking_compute`: the current feed parts of the period (and of the period
before, for growth) handed to the pipeline on DuckDB or Spark, the rows completed
with each work's title, author and ISBNs, and kept as a RankingRun whose entries
carry every term of their score."""

from collections.abc import Callable

import pyarrow as pa
from django.conf import settings
from django.db import transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.rankings import pipeline
from wenlan.rankings.enums import Category, FeedKind
from wenlan.rankings.errors import PeriodInvalidError, RankingNotFoundError, WeightsInvalidError
from wenlan.rankings.models import FeedPart, RankingRun, Work
from wenlan.rankings.policies import Period, period_parse, period_previous, weights_parse
from wenlan.rankings.rollups import rollup_current
from wenlan.rankings.services import store, user_of
from wenlan.rankings.works import work_isbns


def weights_default() -> dict[str, float]:
    return weights_parse(settings.WENLAN_RANKINGS_WEIGHTS)


def weights_checked(text: str | None) -> dict[str, float]:
    if not text:
        return weights_default()
    try:
        return weights_parse(text)
    except ValueError:
        raise WeightsInvalidError() from None


def period_checked(text: str) -> Period:
    period = period_parse(text)
    if period is None or period.first > f"{clock.today():%Y-%m}":
        raise PeriodInvalidError()
    return period


def _files(kind: str, first: str, last: str) -> list[str]:
    target = store()
    parts = FeedPart.objects.filter(
        kind=kind, current=True, period__gte=first, period__lte=last
    ).order_by("period", "pk")
    return [target.url(p.path) for p in parts]


def _works_table() -> pa.Table:
    ids, categories, published = [], [], []
    for work_id, category, published_on in Work.objects.values_list(
        "id", "category", "published_on"
    ).iterator(chunk_size=10_000):
        ids.append(work_id)
        categories.append(category)
        published.append(published_on.year * 12 + published_on.month - 1 if published_on else None)
    return pa.table(
        {"work_id": ids, "category": categories, "published_index": published},
        schema=pipeline.WORKS_SCHEMA,
    )


def ranking_compute(
    *,
    actor,
    period: str,
    category: str = "all",
    engine: str = "duckdb",
    top: int = 50,
    weights: dict[str, float] | None = None,
    save: bool = True,
    progress: Callable[[str], None] | None = None,
    spark=None,
) -> RankingRun:
    """Rank the works of `period` (2026-03, 2026-Q1, 2026) in every category (or
    one); `save=False` previews weights without keeping the run."""
    ensure_can(actor, Perm.RANKING_MANAGE)
    parsed = period_checked(period)
    if category not in Category.values:
        category = Category.ALL
    weights = weights or weights_default()
    previous = period_previous(parsed)
    rollup = rollup_current(parsed.text) if parsed.months == 12 else None
    inputs = pipeline.Inputs(
        loans_files=_files(
            FeedKind.LOANS, previous.first, previous.last if rollup else parsed.last
        ),
        sales_files=_files(FeedKind.SALES, parsed.first, parsed.last),
        works=_works_table(),
        current_loans_files=(store().url(rollup.path),) if rollup else (),
    )
    rows, seconds = pipeline.ranking_query(
        inputs=inputs,
        period=parsed,
        settings=pipeline.Settings(
            min_readers=settings.WENLAN_RANKINGS_MIN_READERS,
            min_libraries=settings.WENLAN_RANKINGS_MIN_LIBRARIES,
            cap=settings.WENLAN_RANKINGS_LIBRARY_CAP,
            weights=weights,
            top=max(1, min(top, 1000)),
            category=category,
        ),
        engine=engine,
        progress=progress,
        spark=spark,
    )
    work_ids = sorted({r["work_id"] for r in rows})
    works = Work.objects.in_bulk(work_ids)
    isbns = work_isbns(work_ids=work_ids)
    result: dict[str, list[dict]] = {}
    for row in rows:
        work = works[row["work_id"]]
        entry = {
            "rank": row["rank"],
            "work_id": row["work_id"],
            "title": work.title,
            "author": work.author,
            "isbns": isbns.get(row["work_id"], []),
            "score": row["score"],
            "loans": row["counted_loans"],
            "raw_loans": row["raw_loans"],
            "libraries": row["libraries"],
            "provinces": row["provinces"],
            "readers": row["readers"],
            "previous_loans": row["previous_loans"],
            "sales_rank": row["sales_rank"],
            "terms": {name: row[f"t_{name}"] for name in weights},
        }
        result.setdefault(row["list"], []).append(entry)
    run = RankingRun(
        period=parsed.text,
        engine=engine,
        computed_at=clock.now(),
        computed_by=user_of(actor),
        weights=weights,
        result=result,
        seconds=round(seconds, 3),
    )
    if save:
        with transaction.atomic():
            run.save()
    return run


def ranking_output(run: RankingRun) -> dict:
    """The issue's JSON: {period, engine, categories: {category: [entry…]}}."""
    keys = ("rank", "work_id", "title", "author", "isbns", "score", "loans", "libraries", "readers")
    return {
        "period": run.period,
        "engine": run.engine,
        "categories": {
            category: [{k: e[k] for k in keys} for e in entries]
            for category, entries in sorted(run.result.items())
        },
    }


def ranking_latest(*, actor, period: str) -> RankingRun:
    ensure_can(actor, Perm.RANKING_MANAGE)
    run = RankingRun.objects.filter(period=period).first()
    if run is None:
        raise RankingNotFoundError()
    return run


def candidate_explain(*, actor, period: str, work_id: int) -> tuple[RankingRun, dict, list[str]]:
    """The latest run of `period`, the work's entry in `all` (or its category), and
    the lists it appears on, with every term of its score."""
    run = ranking_latest(actor=actor, period=period)
    found, lists = None, []
    for category, entries in sorted(run.result.items()):
        for entry in entries:
            if entry["work_id"] == work_id:
                lists.append(category)
                if found is None or category == Category.ALL:
                    found = entry
    if found is None:
        raise RankingNotFoundError()
    return run, found, lists
