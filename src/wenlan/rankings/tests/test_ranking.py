import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from wenlan.accounts.actors import SYSTEM
from wenlan.rankings.models import LoansRollup, Work
from wenlan.rankings.ranking import candidate_explain, ranking_compute, ranking_output
from wenlan.rankings.rollups import rollup_current, rollups_refresh
from wenlan.rankings.services import feed_upload
from wenlan.rankings.tests.factories import FeedSourceFactory, loans_csv, ranked_world

pytestmark = pytest.mark.django_db
TOULOUSE = Path("/work/shared/data/toulouse-top500-loans")


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")


def _load(rows):
    source = FeedSourceFactory()
    feed_upload(
        actor=SYSTEM, source_code=source.code, stream=io.BytesIO(loans_csv(rows)), file_name="f.csv"
    )


def test_ranking_counts_works_once_and_applies_thresholds():
    _load(ranked_world("2026-01") + ranked_world("2025-12")[:2])
    run = ranking_compute(actor=SYSTEM, period="2026-01")
    output = ranking_output(run)
    titles = [e["title"] for e in output["categories"]["all"]]
    assert titles == ["活着", "三体"]  # 小众书: one library only
    santi = output["categories"]["all"][1]
    assert santi["isbns"] == ["9787229030933", "9787536692930"] and santi["libraries"] == 5
    assert output["categories"]["literature"][0]["title"] == "活着"
    _run, entry, lists = candidate_explain(
        actor=SYSTEM, period="2026-01", work_id=Work.objects.get(title="活着").pk
    )
    assert lists == ["all", "literature"] and set(entry["terms"]) == {
        "loans",
        "breadth",
        "growth",
        "sales",
        "recency",
    }


def test_one_library_is_capped_at_its_share():
    rows = ranked_world("2026-01")
    rows[0] = ("L0", "P0", "2026-01", "9787506365437", "活着", "余华", 1000, 8, "I247.5")
    _load(rows)
    run = ranking_compute(actor=SYSTEM, period="2026-01")
    huozhe = run.result["all"][0]
    # 1000 + 21 + 22 + 23 + 24 = 1090 lent; L0 counts at most 20 % of that (218).
    assert huozhe["raw_loans"] == 1090 and huozhe["loans"] == pytest.approx(218 + 90)


def test_a_yearly_ranking_reads_the_rollup_and_agrees_with_the_months():
    _load(ranked_world("2025-03") + ranked_world("2025-04") + ranked_world("2024-05"))
    assert rollups_refresh() == 2  # a task queued when the upload commits; 2024 and 2025
    rollup = LoansRollup.objects.get(year="2025")
    assert rollup.rows == 11  # 活着, 三体 at 5 libraries, 小众书 at one
    from_rollup = ranking_compute(actor=SYSTEM, period="2025", save=False)
    LoansRollup.objects.all().delete()
    from_months = ranking_compute(actor=SYSTEM, period="2025", save=False)
    assert from_rollup.result == from_months.result and from_months.result["all"]
    assert from_months.result["all"][0]["previous_loans"] == 110


def test_a_stale_rollup_is_not_read():
    _load(ranked_world("2025-03"))
    rollups_refresh()
    LoansRollup.objects.update(parts_key="old")
    assert rollup_current("2025") is None
    assert rollups_refresh() == 1 and rollup_current("2025") is not None


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17")
def test_duckdb_and_spark_give_identical_rankings():
    _load(ranked_world("2026-01") + ranked_world("2025-12"))
    duck = ranking_compute(actor=SYSTEM, period="2026-01", engine="duckdb", save=False)
    spark = ranking_compute(actor=SYSTEM, period="2026-01", engine="spark", save=False)
    assert duck.result == spark.result and duck.result["all"]


def test_compute_command_ends_with_the_ranking(capsys):
    _load(ranked_world("2026-01"))
    call_command("rankings", "compute", "--period", "2026-01", "--top", "5")
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["period"] == "2026-01" and last["engine"] == "duckdb"
    assert [e["rank"] for e in last["categories"]["all"]] == [1, 2]


@pytest.mark.skipif(not TOULOUSE.exists(), reason="/work/shared (the Toulouse feed) is absent")
def test_toulouse_feed_loads_through_a_mapping(tmp_path, capsys):
    source = FeedSourceFactory(code="toulouse")
    mapping = tmp_path / "toulouse.json"
    mapping.write_text(
        json.dumps(
            {
                "delimiter": ";",
                "columns": {
                    "period": "ANNEE",
                    "loans": "Nbre de prêts",
                    "title": "TITRE",
                    "author": "AUTEUR",
                    "library_code": "COTE",  # the file is shifted: BIB holds the call number
                },
                "constants": {"province": "FR-OCC"},
                "period_suffix": "-12",
                "nulls": ["-"],
            }
        )
    )
    feed = TOULOUSE / "top-500-des-imprimes-les-plus-empruntes-a-la-bibliotheque-de-toulouse.csv"
    call_command(
        "rankings",
        "load",
        str(feed),
        "--kind",
        "loans",
        "--source",
        source.code,
        "--map",
        str(mapping),
        "--max-errors",
        "5000",
    )
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["refused"] is None
    assert report["accepted"] > 4000 and report["rejected"] > 0
    reasons = " ".join(e["reason"] for e in report["errors"])
    assert "乱码" in reasons


def test_rollup_command(capsys):
    _load(ranked_world("2025-03"))
    call_command("rankings", "rollup")
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"built": 1}
    call_command("rankings", "rollup", "--year", "2025")
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["year"] == "2025" and last["rows"] == 11
