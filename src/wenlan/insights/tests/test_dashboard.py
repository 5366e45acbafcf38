"""The dashboard's figures from the export: the same counts as the log, cells under
10 readers masked on the page and in Excel, who sees which library, and that a
page view reads no live table."""

import io
from collections import Counter, defaultdict

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.analytics.tests.test_aggregations import _entries
from wenlan.core.errors import PermissionDeniedError
from wenlan.insights.dashboard import dashboard_figures
from wenlan.insights.policies import Period

pytestmark = pytest.mark.django_db
PERIOD = Period("2026-03", "2026-07")


def test_the_network_view_counts_loans_by_class_as_the_log_does(exported):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    board = dashboard_figures(actor=admin, library_id=None, period=PERIOD)
    assert board.library is None and board.export_id
    loans, readers = Counter(), defaultdict(set)
    for e in _entries():
        if e["kind"] == "checkout":
            loans[e["clc_top"]] += 1
            if e["reader"]:
                readers[e["clc_top"]].add(e["reader"])
    figure = board.figure("clc")
    got = {r["clc_top"]: (r["loans"], r["readers"], r["suppressed"]) for r in figure.rows}
    assert got == {
        clc: (n, len(readers[clc]), False) if len(readers[clc]) >= 10 else (None, None, True)
        for clc, n in loans.items()
    }
    assert [f.key for f in board.figures] == [
        "by_day", "hour_of_week", "active", "new", "category", "age_band", "clc", "district",
        "never_lent", "holds", "transits", "attendance", "o2o",
    ]  # fmt: skip
    assert board.figure("transits").rows and board.figure("holds").rows
    never = board.figure("never_lent").rows
    assert sum(r["items"] for r in never) == len(exported.items)


def test_small_cells_are_masked_and_counted(exported):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    board = dashboard_figures(actor=admin, library_id=exported.libraries[1].pk, period=PERIOD)
    by_day = board.figure("by_day")
    assert by_day.suppressed == len(by_day.rows) > 0  # one library's day: never 10 readers
    assert all(r["loans"] is None and r["returns"] is None for r in by_day.rows)
    assert all(cell == "<10" for row in by_day.table() for cell in row[1:])
    assert board.suppressed >= by_day.suppressed


def test_a_branch_librarian_sees_their_library_only(exported):
    mine, other = exported.libraries[0], exported.libraries[1]
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=mine)
    board = dashboard_figures(actor=librarian, library_id=None, period=PERIOD)
    assert board.library == mine and not board.network_allowed
    assert [lib.pk for lib in board.libraries] == [mine.pk]
    with pytest.raises(PermissionDeniedError):
        dashboard_figures(actor=librarian, library_id=other.pk, period=PERIOD)
    cataloguer = staff_with_role(Role.CATALOGUER, library=mine)
    with pytest.raises(PermissionDeniedError):
        dashboard_figures(actor=cataloguer, library_id=mine.pk, period=PERIOD)


def test_the_assessment_officer_sees_the_network(exported):
    officer = staff_with_role(Role.ASSESSMENT_OFFICER)
    board = dashboard_figures(actor=officer, library_id=None, period=PERIOD)
    assert board.library is None and board.network_allowed


def test_the_page_reads_the_export_not_the_live_tables(client, exported):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    client.force_login(admin)
    url = reverse("insights:dashboard") + "?view=network&month_from=2026-03&month_to=2026-06"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "circulation_" not in tables and "events_" not in tables
    assert len(queries.captured_queries) <= 12
    page = response.content.decode()
    assert 'id="insights-figures"' in page and "vendor/echarts/echarts.min.js" in page
    assert "&lt;10" in page  # the notice and the masked cells
    assert "figure=clc" in page


def test_excel_export_writes_the_same_masked_table(client, exported):
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=exported.libraries[0])
    client.force_login(librarian)
    response = client.get(
        reverse("insights:export") + "?month_from=2026-03&month_to=2026-06&figure=by_day"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 1
    rows = list(workbook.active.iter_rows(values_only=True))
    header = rows.index(("日期", "借阅", "归还", "读者数"))
    body = rows[header + 1 :]
    assert body and all(row[1:] == ("<10", "<10", "<10") for row in body)
    everything = client.get(reverse("insights:export") + "?month_from=2026-03&month_to=2026-06")
    assert len(openpyxl.load_workbook(io.BytesIO(everything.content)).sheetnames) == 13


def test_an_english_page_has_english_labels(client, exported):
    client.force_login(staff_with_role(Role.NETWORK_ADMIN, language="en"))
    response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Loans by hour of the week" in page and "Export this table (Excel)" in page
    assert "Mon" in page and "fewer than 10 readers" in page  # the chart script's labels
