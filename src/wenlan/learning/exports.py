"""The classes report as an Excel workbook (openpyxl), in the request's language."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wenlan.learning.selectors.classes import ClassReportRow


def class_report_workbook(rows: list[ClassReportRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("班级统计"))[:31]
    header = [_("图书馆"), _("馆代码"), _("课程"), _("教室"), _("授课教师"), _("名额"),
              _("已报名"), _("候补"), _("课次"), _("出勤人次"), _("出勤率（%）"),
              _("已结业")]  # fmt: skip
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        c = row.course_class
        sheet.append(
            [
                c.library.name,
                c.library.code,
                c.course.title,
                c.room,
                c.teacher_name,
                c.capacity,
                row.enrolled,
                row.waiting,
                row.meetings,
                row.attendances,
                row.attendance_percent if row.attendance_percent is not None else "",
                row.completed,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
