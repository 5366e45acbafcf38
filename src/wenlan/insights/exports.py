"""The tables behind the dashboard's charts as an Excel workbook (openpyxl), in the
request's language: one sheet per figure, its line on how it is counted first, and
every masked cell written as "<10", as on the page."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wenlan.insights.dashboard import Dashboard, Figure
from wenlan.insights.policies import SUPPRESSED


def _sheet_title(title: str, taken: set[str]) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    title = title[:31]
    n = 2
    while title in taken:
        title = f"{title[:28]}-{n}"
        n += 1
    taken.add(title)
    return title


def _write(sheet, figure: Figure, dashboard: Dashboard) -> None:
    scope = dashboard.library.name if dashboard.library else _("全网")
    sheet.append([figure.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([f"{scope} · {dashboard.period.month_from} – {dashboard.period.month_to}"])
    sheet.append([figure.how])
    if figure.suppressed:
        sheet.append([_("覆盖读者少于 10 人的单元格不予显示（记为 <10）。")])
    sheet.append([])
    sheet.append([c.label for c in figure.columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in figure.rows:
        sheet.append(
            [
                SUPPRESSED
                if row.get("suppressed") and row.get(c.key) is None
                else ("" if row.get(c.key) is None else row.get(c.key))
                for c in figure.columns
            ]
        )


def dashboard_workbook(dashboard: Dashboard, *, figure_key: str | None = None) -> bytes:
    """One figure's table, or (no key) every figure's, one sheet each."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for figure in dashboard.figures:
        if figure_key is None or figure.key == figure_key:
            _write(workbook.create_sheet(_sheet_title(figure.title, taken)), figure, dashboard)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
