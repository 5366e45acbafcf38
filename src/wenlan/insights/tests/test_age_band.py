"""The figure of loans per age band: the bands youngest first and "unknown" last,
labelled in the page's language, the same counts as the export, cells under the
minimum of readers masked on the page and in Excel."""

import io
from collections import Counter, defaultdict

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.analytics.tests.test_age_band import _expected_bands
from wenlan.circulation.models import CirculationLogEntry
from wenlan.insights.dashboard import dashboard_figures
from wenlan.insights.policies import Period

pytestmark = pytest.mark.django_db
PERIOD = Period("2026-03", "2026-07")
BANDS = ["0-6", "7-12", "13-17", "18-34", "35-59", "60+", "unknown"]


def _counts(log):
    bands = _expected_bands(log)
    loans, readers = Counter(), defaultdict(set)
    for entry in CirculationLogEntry.objects.filter(kind="checkout"):
        loans[bands[entry.pk]] += 1
        if entry.reader_pseudonym:
            readers[bands[entry.pk]].add(entry.reader_pseudonym)
    return loans, readers


def test_the_figure_counts_loans_per_band_youngest_first(exported, settings):
    settings.WENLAN_ANALYTICS_MIN_READERS = 2
    admin = staff_with_role(Role.NETWORK_ADMIN)
    figure = dashboard_figures(actor=admin, library_id=None, period=PERIOD).figure("age_band")
    loans, readers = _counts(exported)
    assert [r["age_band"] for r in figure.rows] == BANDS
    assert [(r["loans"], r["readers"]) for r in figure.rows] == [
        (loans[band], len(readers[band])) for band in BANDS
    ]
    assert figure.suppressed == 0 and figure.chart == "bar" and figure.series == ("loans",)
    with translation.override("zh-hans"):
        assert figure.title == "各年龄段的借阅"
    assert [r["band"] for r in figure.rows][-2:] == ["60 岁及以上", "未登记"]


def test_bands_under_ten_readers_are_masked_and_said_so(exported):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    figure = dashboard_figures(actor=admin, library_id=None, period=PERIOD).figure("age_band")
    _, readers = _counts(exported)
    small = [band for band in BANDS if len(readers[band]) < 10]
    assert small  # 40 readers in seven bands: some fall under 10
    assert figure.suppressed == len(small)
    for row, cells in zip(figure.rows, figure.table(), strict=True):
        masked = row["age_band"] in small
        assert row["suppressed"] is masked
        assert (cells[1:] == ["<10", "<10"]) is masked


def test_the_english_page_and_the_excel_table(client, exported):
    client.force_login(staff_with_role(Role.NETWORK_ADMIN, language="en"))
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert "Loans by age band" in page and "on the day of the loan" in page
    assert "Loans by reader category" in page
    response = client.get(
        reverse("insights:export") + "?month_from=2026-03&month_to=2026-07&figure=age_band"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Loans by age band"
    assert any("only the year is kept" in (row[0] or "") for row in rows)
    header = rows.index(("Age band", "Loan", "Readers"))
    body = rows[header + 1 :]
    assert [row[0] for row in body] == [
        "0–6", "7–12", "13–17", "18–34", "35–59", "60 and over", "Not recorded"
    ]  # fmt: skip
    _, readers = _counts(exported)
    assert [row[1] == "<10" for row in body] == [len(readers[b]) < 10 for b in BANDS]
