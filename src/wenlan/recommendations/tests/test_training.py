"""Training from the export: lists for opted-in readers only, never a title they
borrowed, only titles on a shelf, with reasons; segments by the rules."""

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.core import clock
from wenlan.recommendations.enums import ReasonKind, RunStatus
from wenlan.recommendations.errors import TrainingRunningError
from wenlan.recommendations.models import (
    Recommendation,
    Segment,
    SegmentMember,
    TrainingRun,
)
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = pytest.mark.django_db


def _train(**kwargs):
    with clock.freeze(NOW):
        return recs_train(actor=SYSTEM, **kwargs)


def test_lists_recommend_the_unborrowed_title_of_ones_kind():
    world = borrowing_world()
    export_now()
    summary = _train()
    assert summary.figures["opted_in"] == 24
    assert summary.figures["trained_readers"] == 24
    reader, kind = world.readers[3]
    titles = world.literature if kind == "literature" else world.history
    borrowed = {r.pk for k, r in enumerate(titles) if k != 3}
    rows = list(Recommendation.objects.filter(reader=reader).order_by("rank"))
    assert rows, "a list is stored"
    assert not borrowed & {r.record_id for r in rows}
    assert rows[0].record_id == titles[3].pk
    assert rows[0].reason in (ReasonKind.BORROWED, ReasonKind.SEGMENT)
    if rows[0].reason == ReasonKind.BORROWED:
        assert rows[0].because_id in borrowed
    assert TrainingRun.objects.get().status == RunStatus.DONE


def test_opted_out_readers_get_no_list_and_do_not_train():
    world = borrowing_world(opted_in=False)
    opted = world.readers[0][0]
    opted.allow_recommendations = True
    opted.save()
    export_now()
    summary = _train()
    assert summary.figures["trained_readers"] == 1
    assert set(Recommendation.objects.values_list("reader_id", flat=True)) == {opted.pk}


def test_only_titles_on_a_shelf_are_offered():
    world = borrowing_world()
    export_now()
    Item.objects.filter(record=world.literature[3]).update(status=ItemStatus.ON_LOAN)
    _train()
    assert not Recommendation.objects.filter(record=world.literature[3]).exists()


def test_segments_are_counted_pseudonymously():
    borrowing_world()
    export_now()
    summary = _train()
    assert sum(summary.segments.values()) == 24
    assert summary.segments["literature"] == 12
    assert summary.segments["history"] == 12
    literature = Segment.objects.get(code="literature")
    assert literature.members == 12
    assert literature.profile["clc"][0][0] == "I"
    assert all(len(p) == 32 for p in SegmentMember.objects.values_list("pseudonym", flat=True))


def test_one_training_at_a_time():
    TrainingRun.objects.create(status=RunStatus.RUNNING, started_at=clock.now())
    with pytest.raises(TrainingRunningError):
        _train()


def test_a_second_training_replaces_the_lists():
    borrowing_world()
    export_now()
    _train()
    first = Recommendation.objects.count()
    _train()
    assert Recommendation.objects.count() == first
    assert TrainingRun.objects.filter(status=RunStatus.DONE).count() == 2


def test_events_follow_what_readers_borrow():
    import datetime as dt

    from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, VenueFactory
    from wenlan.recommendations.enums import EventReasonKind
    from wenlan.recommendations.models import EventRecommendation

    world = borrowing_world()
    export_now()
    novel = EventFactory(title_zh="小说写作沙龙", venue=VenueFactory(library=world.libraries[0]))
    starts = NOW + dt.timedelta(days=5)
    OccurrenceFactory(event=novel, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    _train()
    literature = [r for r, kind in world.readers if kind == "literature"]
    history = [r for r, kind in world.readers if kind == "history"]
    rows = EventRecommendation.objects.filter(event=novel)
    assert set(rows.values_list("reader_id", flat=True)) >= {r.pk for r in literature}
    first = rows.get(reader=literature[0])
    assert (first.reason, first.clc_top) == (EventReasonKind.THEME, "I")
    # history readers get it only for their library, never for its theme
    assert not rows.filter(reader__in=history, reason=EventReasonKind.THEME).exists()


def test_next_nightly_run_is_at_the_configured_hour(settings):
    import datetime as dt

    from django.utils import timezone

    from wenlan.recommendations.tasks import next_run_at

    settings.WENLAN_RECS_TRAIN_HOUR = 3
    evening = timezone.make_aware(dt.datetime(2026, 7, 1, 22, 0))
    assert timezone.localtime(next_run_at(evening)).replace(tzinfo=None) == dt.datetime(
        2026, 7, 2, 3, 0
    )
    early = timezone.make_aware(dt.datetime(2026, 7, 1, 1, 0))
    assert timezone.localtime(next_run_at(early)).replace(tzinfo=None) == dt.datetime(
        2026, 7, 1, 3, 0
    )
