"""Hours per volunteer and project as an Excel workbook, in the column layout of
the national volunteer service information system's hours import (中国志愿服务信息系统,
"志愿服务时长导入"); docs/volunteers.md lists the columns."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from wenlan.volunteers.selectors.hours import HoursRow

# The system's template headers are Chinese whatever the page's language: it reads
# the columns by these names.
COLUMNS = (
    "序号",
    "姓名",
    "证件类型",
    "证件号码",
    "手机号码",
    "志愿者编号",
    "项目名称",
    "服务地点",
    "服务开始日期",
    "服务结束日期",
    "服务次数",
    "服务时长（小时）",
    "备注",
)


def hours_workbook(rows: list[HoursRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "志愿服务时长"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        sheet.append(
            [
                number,
                row.name,
                "居民身份证",
                row.id_number,
                row.phone,
                row.card_number,
                row.project,
                row.library,
                timezone.localdate(row.first_day).isoformat() if row.first_day else "",
                timezone.localdate(row.last_day).isoformat() if row.last_day else "",
                row.shifts,
                round(row.minutes / 60, 2),
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
