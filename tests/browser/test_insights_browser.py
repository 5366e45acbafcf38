"""Insights in headless Chromium, on a desktop: a branch librarian opens the
dashboard from the staff home, changes the period, sees the charts drawn, exports
one chart's table to Excel (the download read back with openpyxl), then turns a
planning suggestion into a draft event."""

import datetime as dt

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.analytics.services import analytics_export
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.models import CirculationLogEntry
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services.log import analytics_secret
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import OfflineReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def insights_journey(db):
    library = LibraryFactory(name_zh="西湖区图书馆", code="XH")
    staff_with_role(Role.BRANCH_LIBRARIAN, library=library, username="librarian")
    readers = [OfflineReaderFactory(home_library=library) for _ in range(14)]
    history = ItemFactory(library=library, record=RecordFactory(clc_top="K", title="宋韵杭州"))
    secret, today = analytics_secret(), clock.localnow().date()

    def lend(n: int, days_ago: int) -> list[CirculationLogEntry]:
        at = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(15))
        )
        return [
            CirculationLogEntry(
                at=at, kind=LogEntryKind.CHECKOUT, reader_category="adult",
                reader_pseudonym=reader_pseudonym(secret=secret, reader_id=r.pk),
                item_id=history.pk, record_id=history.record_id, library_id=library.pk,
                channel="desk",
            )
            for r in readers[:n]
        ]  # fmt: skip

    CirculationLogEntry.objects.bulk_create(lend(12, 3) + lend(3, 10) + lend(11, 40))
    analytics_export(settle_seconds=0)
    start = today - dt.timedelta(days=40)
    return {"from": f"{start:%Y-%m}", "to": f"{today:%Y-%m}", "library": library}


def test_a_librarian_reads_exports_and_plans(
    live_server, insights_journey, browser, desktop, tmp_path
):
    log_in(desktop, live_server.url, "librarian")
    desktop.goto(f"{live_server.url}/staff/")
    desktop.get_by_role("link", name="阅读分析看板").click()
    desktop.get_by_role("heading", name="阅读分析看板").wait_for()
    desktop.locator(".insights-chart[data-ready='1']").first.wait_for()
    assert "西湖区图书馆" in desktop.locator("#insights-scope").inner_text()

    start, end = insights_journey["from"], insights_journey["to"]
    desktop.get_by_label("起始月份").fill(start)
    desktop.get_by_label("截止月份").fill(end)
    desktop.get_by_role("button", name="查看").click()
    # The default period may be the one asked for, and the page before has its charts
    # drawn: wait for the asked page itself.
    desktop.wait_for_url(f"**month_from={start}**")
    scope = desktop.locator("#insights-scope")
    scope.filter(has_text=f"{start} – {end}").wait_for()
    clc = desktop.locator("#figure-clc")
    clc.locator(".insights-chart[data-ready='1']").wait_for()
    expect(desktop.locator("#insights-suppression")).to_contain_text("少于 10 人")
    assert_accessible(desktop)
    desktop.screenshot(path="var/browser-insights-dashboard.png", full_page=True)

    with desktop.expect_download() as download_info:
        clc.get_by_role("link", name="导出本表（Excel）").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "各学科的借阅"
    rows = list(sheet.iter_rows(values_only=True))
    assert ("K 历史、地理", 26, 12) in rows  # 12 this week, 3 and 11 before; 12 readers

    desktop.get_by_role("link", name="活动策划建议").click()
    desktop.get_by_role("heading", name="活动策划建议").wait_for()
    topic = desktop.locator(".planning-topic[data-topic='K']")
    expect(topic).to_contain_text("×4.0")
    topic.get_by_role("button", name="生成活动草稿").click()
    desktop.wait_for_url("**/admin/events/event/*/change/")
    # The ORM may not run beside Playwright's loop: the admin's form shows the draft.
    assert desktop.locator("input[name='title_zh']").input_value() == "主题阅读活动：K 历史、地理"
