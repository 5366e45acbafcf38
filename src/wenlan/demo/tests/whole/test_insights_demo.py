"""The demo's year is enough for every figure of the insights dashboard to show
something: in the network's view of the default period, no figure is empty or
masked whole (each has a row covering at least 10 readers), the O2O orders' among
them (three months of 悦读 by a dozen readers each)."""

import pytest
from django.contrib.auth import get_user_model

from wenlan.core import clock
from wenlan.insights.dashboard import dashboard_figures
from wenlan.insights.policies import period_default
from wenlan.o2o.models import BookstoreLoan

pytestmark = pytest.mark.django_db


def _shown(figure) -> list[dict]:
    return [row for row in figure.rows if not row.get("suppressed")]


def test_every_figure_of_the_network_dashboard_shows_data(whole_demo):
    admin = whole_demo.credentials()["staff"]["network_admin"]["username"]
    board = dashboard_figures(
        actor=get_user_model().objects.get(username=admin),
        library_id=None,
        period=period_default(clock.today()),
    )
    assert len(board.figures) >= 12
    assert [f.key for f in board.figures if not _shown(f)] == []
    o2o = board.figure("o2o")
    till = [row for row in _shown(o2o) if row["channel"] == "till"]
    assert len(till) == 3 and all(row["readers"] >= 10 for row in till)


def test_the_yuedu_history_went_back_and_joined_the_collection(whole_demo):
    history = BookstoreLoan.objects.filter(record__clc__gt="").exclude(
        loan__returned_at__isnull=True
    )
    assert history.count() >= 30
    assert not history.filter(item__new_acquisition=True).exists()
