"""China Reading in headless Chromium, on a desktop: a source's librarian uploads a
small CSV on the feeds page and reads its report (accepted rows, and the refused
ones with their reasons); a manager computes the month's ranking and opens a
candidate's explanation (each term of its score)."""

import io

import pytest

from tests.browser.conftest import assert_accessible, log_in
from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.rankings.services import feed_upload
from wenlan.rankings.tests.factories import FeedSourceFactory, loans_csv, ranked_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rankings_journey(db, settings, tmp_path):
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")
    source = FeedSourceFactory(code="sh-library", name="上海图书馆")
    staff_with_role(Role.RANKING_SOURCE, partner=source.partner, username="ranking-sh")
    staff_with_role(Role.NETWORK_ADMIN, username="manager")
    other = FeedSourceFactory(code="gd-library")
    feed_upload(
        actor=SYSTEM,
        source_code=other.code,
        stream=io.BytesIO(loans_csv(ranked_world("2026-01"))),
        file_name="gd.csv",
    )
    rows = [("SH01", "上海", "2026-01", "9787506365437", "活着", "余华", 30, 12, "I247")]
    rows.append(("SH01", "上海", "2026-01", "9787506365438", "坏书", "某", 3, 1, "I"))
    rows.append(("SH02", "上海", "2026-01", "9787020002207", "书", "某", -4, 1, "I"))
    csv_path = tmp_path / "sh-2026-01.csv"
    csv_path.write_bytes(loans_csv(rows))
    return {"csv": csv_path}


def test_a_source_uploads_and_a_manager_explains_a_candidate(
    live_server, rankings_journey, browser, desktop
):
    log_in(desktop, live_server.url, "ranking-sh")
    desktop.goto(f"{live_server.url}/staff/")
    desktop.get_by_role("link", name="榜单数据上传").click()
    desktop.get_by_label("数据文件").set_input_files(str(rankings_journey["csv"]))
    desktop.get_by_role("button", name="上传并校验").click()
    report = desktop.locator("#feed-report")
    report.wait_for()
    assert "接受 1 行，拒收 2 行" in report.inner_text()
    errors = desktop.locator("#feed-errors").inner_text()
    assert "ISBN 校验位错误" in errors and "loans 为负数" in errors
    assert_accessible(desktop)
    desktop.screenshot(path="var/browser-rankings-feed-report.png", full_page=True)

    desktop.context.clear_cookies()
    log_in(desktop, live_server.url, "manager")
    desktop.goto(f"{live_server.url}/staff/")
    desktop.get_by_role("link", name="中国阅读榜单").click()
    desktop.get_by_label("期间").fill("2026-01")
    desktop.get_by_role("button", name="计算并保存").click()
    desktop.get_by_role("heading", name="2026-01 榜单").wait_for()
    assert_accessible(desktop)
    desktop.get_by_role("link", name="活着").first.click()
    desktop.get_by_role("heading", name="得分构成").wait_for()
    terms = desktop.locator("#score-terms").inner_text()
    assert "借阅（按馆规模折算）" in terms and "广度（馆数与省份数）" in terms
    assert_accessible(desktop)
    desktop.screenshot(path="var/browser-rankings-candidate.png", full_page=True)
