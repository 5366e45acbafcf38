"""The O2O orders figure: counted as the orders were, per month and channel, cells
under 10 readers masked on the page and in Excel, a library's view holding its own
orders, and the page drawing it in both languages."""

import io
import json
import re
from collections import Counter, defaultdict

import openpyxl
import pytest
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.analytics.services import analytics_export
from wenlan.analytics.tests.factories import NOW, generated_log
from wenlan.core import clock
from wenlan.insights.dashboard import dashboard_figures
from wenlan.insights.policies import Period
from wenlan.o2o.tests.analytics_factories import generated_o2o_orders

pytestmark = pytest.mark.django_db
PERIOD = Period("2026-03", "2026-07")
QUERY = "?view=network&month_from=2026-03&month_to=2026-07"


@pytest.fixture
def exported_o2o(db):
    log = generated_log(entries=60, readers=40, seed=9)
    expected = generated_o2o_orders(
        libraries=log.libraries, readers=log.readers, orders=240, seed=9
    )
    with clock.freeze(NOW):
        analytics_export(settle_seconds=0)
    return log, expected


def _expected(expected, library_id=None):
    counts, readers = Counter(), defaultdict(set)
    for e in expected:
        if library_id is None or e.library_id == library_id:
            counts[(e.month, e.channel)] += 1
            if e.reader:
                readers[(e.month, e.channel)].add(e.reader)
    return {
        key: (n, len(readers[key])) if len(readers[key]) >= 10 else (None, None)
        for key, n in counts.items()
    }


def test_the_figure_counts_orders_per_month_and_channel_masking_small_cells(exported_o2o):
    log, expected = exported_o2o
    admin = staff_with_role(Role.NETWORK_ADMIN)
    board = dashboard_figures(actor=admin, library_id=None, period=PERIOD)
    figure = board.figure("o2o")
    got = {(r["month"], r["channel"]): (r["orders"], r["readers"]) for r in figure.rows}
    want = _expected(expected)
    assert got == want
    assert any(v[0] is None for v in want.values()) and any(v[0] for v in want.values())
    assert figure.suppressed == sum(1 for v in want.values() if v[0] is None)
    assert figure.chart == "stacked" and figure.as_json()["group"] == "channel_label"
    assert {r["channel_label"] for r in figure.rows} == {"悦读（书店借书）", "悦购（书店订书）",
                                                         "悦借（送书上门）"}  # fmt: skip
    library = log.libraries[0]
    mine = dashboard_figures(actor=admin, library_id=library.pk, period=PERIOD).figure("o2o")
    assert {(r["month"], r["channel"]): (r["orders"], r["readers"]) for r in mine.rows} == (
        _expected(expected, library.pk)
    )


def test_the_excel_table_of_the_figure_is_masked_as_the_page(client, exported_o2o):
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    response = client.get(reverse("insights:export") + QUERY + "&figure=o2o")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True
    ))  # fmt: skip
    assert rows[0] == ("O2O 订单",) + (None,) * (len(rows[0]) - 1) or rows[0][0] == "O2O 订单"
    header = rows.index(("月份", "渠道", "订单", "完成", "已取消", "未成功", "读者数"))
    body = rows[header + 1 :]
    assert body and any(row[2] == "<10" for row in body)
    assert any(isinstance(row[2], int) and row[2] >= 10 for row in body)
    assert all(row[2:] == ("<10",) * 5 for row in body if row[2] == "<10")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_page_draws_the_figure_in_both_languages(client, exported_o2o, language):
    client.force_login(staff_with_role(Role.NETWORK_ADMIN, language=language))
    response = client.get(reverse("insights:dashboard") + QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    data = re.search(r'id="insights-figures" type="application/json">(.*?)</script>', page)
    figures = {f["key"]: f for f in json.loads(data.group(1))}
    o2o = figures["o2o"]
    assert o2o["chart"] == "stacked" and o2o["rows"] and o2o["group"] == "channel_label"
    assert 'data-figure="o2o"' in page
    if language == "en":
        assert "O2O orders" in page and "Yuedu (borrowing at a bookstore)" in page
    else:
        assert "O2O 订单" in page and "悦借（送书上门）" in page
