"""`recs_train`: one training, from the export to the stored lists and segments.
One at a time: a run is claimed by a row (a partial unique constraint), and the
lists are replaced in one transaction that re-reads who still wants them."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.patrons.selectors import readers_with_recommendations
from wenlan.recommendations import training
from wenlan.recommendations.enums import RunStatus, SegmentCode
from wenlan.recommendations.errors import TrainingRunningError
from wenlan.recommendations.models import (
    EventRecommendation,
    Recommendation,
    Segment,
    SegmentMember,
    TrainingRun,
)


@dataclass(frozen=True)
class TrainingSummary:
    run_id: int
    engine: str
    export_id: str | None
    figures: dict
    segments: dict[str, int]
    seconds: float

    def as_json(self) -> dict:
        return {
            "run": self.run_id,
            "engine": self.engine,
            "export_id": self.export_id,
            **self.figures,
            "segments": self.segments,
            "seconds": round(self.seconds, 2),
        }


def _claim(engine: str) -> TrainingRun:
    try:
        with transaction.atomic():
            return TrainingRun.objects.create(
                status=RunStatus.RUNNING, engine=engine, started_at=clock.now()
            )
    except IntegrityError as error:
        raise TrainingRunningError() from error


def recs_train(
    *,
    actor,
    engine: str = "duckdb",
    progress: Callable[[str, int, int], None] | None = None,
    store=None,
    spark_session=None,
    today: dt.date | None = None,
) -> TrainingSummary:
    ensure_can(actor, Perm.AUDIENCE_MANAGE)
    run = _claim(engine)
    started = clock.now()
    try:
        result = training.train(
            engine_name=engine,
            today=today or clock.today(),
            progress=progress,
            store=store,
            spark_session=spark_session,
        )
        counts = _store(run, result)
    except BaseException:
        TrainingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=clock.now()
        )
        raise
    seconds = (clock.now() - started).total_seconds()
    return TrainingSummary(
        run_id=run.pk,
        engine=engine,
        export_id=result.export_id,
        figures={**result.figures, **counts},
        segments={code: len(f.members) for code, f in result.segments.items()},
        seconds=seconds,
    )


def _segment_profile(figures: training.SegmentFigures) -> dict:
    loans = max(1, figures.loans)
    top = sorted(figures.clc.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return {
        "loans": figures.loans,
        "clc": [[clc, round(n / loans, 3)] for clc, n in top],
        "evening_weekend": round(figures.evening_weekend / loans, 3),
        "foreign": round(figures.foreign / loans, 3),
        "loans_per_month": figures.loans_per_month,
    }


@transaction.atomic
def _store(run: TrainingRun, result: training.TrainingResult) -> dict:
    now = clock.now()
    # Re-read who wants lists now: a reader who turned them off during the
    # training gets none (their rows were deleted when they did).
    wanted = {reader_id for reader_id, _lib, _an in readers_with_recommendations()}
    Recommendation.objects.all().delete()
    EventRecommendation.objects.all().delete()
    Recommendation.objects.bulk_create(
        (
            Recommendation(
                reader_id=reader_id,
                record_id=line.record_id,
                rank=rank,
                score=line.score,
                reason=line.reason,
                because_id=line.because_id,
                segment=result_segment,
                run=run,
            )
            for reader_id, lines in result.books.items()
            if reader_id in wanted
            for result_segment in [_segment_of_reader(result, reader_id)]
            for rank, line in enumerate(lines, start=1)
        ),
        batch_size=2000,
    )
    EventRecommendation.objects.bulk_create(
        (
            EventRecommendation(
                reader_id=reader_id,
                event_id=line.event_id,
                rank=rank,
                score=line.score,
                reason=line.reason,
                clc_top=line.clc_top,
                run=run,
            )
            for reader_id, lines in result.events.items()
            if reader_id in wanted
            for rank, line in enumerate(lines, start=1)
        ),
        batch_size=2000,
    )
    SegmentMember.objects.all().delete()
    for code in SegmentCode:
        figures = result.segments[code.value]
        segment, _created = Segment.objects.get_or_create(code=code.value)
        Segment.objects.filter(pk=segment.pk).update(
            members=len(figures.members), profile=_segment_profile(figures), computed_at=now
        )
        SegmentMember.objects.bulk_create(
            (
                SegmentMember(segment=segment, pseudonym=p, library_id=library)
                for p, library in figures.members
            ),
            batch_size=5000,
        )
    TrainingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        finished_at=clock.now(),
        export_id=result.export_id or "",
        summary=result.figures,
    )
    return {
        "book_rows": sum(len(v) for k, v in result.books.items() if k in wanted),
        "event_rows": sum(len(v) for k, v in result.events.items() if k in wanted),
    }


def _segment_of_reader(result: training.TrainingResult, reader_id: int) -> str:
    return result.reader_segments.get(reader_id, "")
