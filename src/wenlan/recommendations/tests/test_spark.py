"""`--engine spark`: the same training from the same Parquet, the export read by
Spark SQL and the factors fitted by Spark MLlib's ALS in local mode."""

import shutil

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.analytics import engines
from wenlan.core import clock
from wenlan.recommendations.models import Recommendation, TrainingRun
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("no Java 17 (apt-get install openjdk-17-jre-headless): Spark cannot start")
    session = engines.spark_session()
    yield session
    session.stop()


@pytest.mark.slow
def test_spark_trains_the_same_lists(spark):
    world = borrowing_world(readers_per_kind=30)
    export_now()
    with clock.freeze(NOW):
        summary = recs_train(actor=SYSTEM, engine="spark", spark_session=spark)
    assert summary.engine == "spark"
    assert summary.figures["trained_readers"] == 60 and summary.figures["als_seconds"]
    assert TrainingRun.objects.get().engine == "spark"
    reader, kind = world.readers[3]
    titles = world.literature if kind == "literature" else world.history
    first = Recommendation.objects.filter(reader=reader).order_by("rank").first()
    assert first.record_id == titles[3].pk
    borrowed = {r.pk for k, r in enumerate(titles) if k != 3}
    assert not borrowed & set(
        Recommendation.objects.filter(reader=reader).values_list("record_id", flat=True)
    )
