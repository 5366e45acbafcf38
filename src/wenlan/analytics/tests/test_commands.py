"""`wenlan analytics export | query | list`: progress on stderr, one JSON summary
line last on stdout, and bad input refused with a clear message."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wenlan.analytics.tests.factories import NOW, generated_log
from wenlan.core import clock

pytestmark = pytest.mark.django_db


def _run(*args, capsys):
    with clock.freeze(NOW):
        call_command("analytics", *args)
    captured = capsys.readouterr()
    return captured.out.strip().splitlines(), captured.err


def test_export_shows_progress_and_ends_with_a_json_summary(capsys):
    generated_log(entries=50)
    out, err = _run("export", "--settle-seconds", "0", capsys=capsys)
    summary = json.loads(out[-1])
    assert set(summary) == {
        "export_id", "changed", "datasets", "removed_files", "compacted_files", "rollup_files",
        "seconds",
    }  # fmt: skip
    assert summary["changed"] is True
    assert summary["datasets"]["circulation"]["rows"] == 50
    assert summary["rollup_files"] > 0  # the dashboards' rollups of the months written
    assert set(summary["datasets"]["circulation"]) == {"rows", "files", "partitions"}
    assert "circulation [" in err and "50/50" in err

    out, _ = _run("export", "--settle-seconds", "0", capsys=capsys)
    again = json.loads(out[-1])
    assert again["changed"] is False and again["export_id"] == summary["export_id"]


def test_query_prints_rows_then_a_summary(capsys):
    log = generated_log(entries=60)
    _run("export", "--settle-seconds", "0", capsys=capsys)
    library = log.libraries[0].pk
    out, _ = _run("query", "loans_by_month_library", "--param", f"library={library}", capsys=capsys)
    *rows, summary = [json.loads(line) for line in out]
    assert summary["aggregation"] == "loans_by_month_library"
    assert summary["engine"] == "duckdb" and summary["rows"] == len(rows) > 0
    assert summary["params"]["library"] == library
    assert {row["library"] for row in rows} == {library}


def test_list_names_every_aggregation_and_the_current_export(capsys):
    out, _ = _run("list", capsys=capsys)
    assert json.loads(out[-1])["export_id"] is None
    assert any(line.startswith("record_loans:") for line in out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "record_loans", "--param", "month_from=2026-13"], "统计参数 month_from 有误"),
        (["query", "record_loans", "--param", "top"], "expected K=V"),
    ],
)
def test_bad_parameters_are_a_clear_error(args, message, capsys):
    with pytest.raises(CommandError, match=message):
        _run(*args, capsys=capsys)
