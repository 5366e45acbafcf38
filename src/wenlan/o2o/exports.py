"""A store's monthly 悦读 statement as an Excel workbook (openpyxl), in the
language of the request."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wenlan.o2o.selectors.bookstore import Statement


def _accepted(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else str(_("未确认"))


def statement_workbook(statement: Statement) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = statement.period_label
    store = statement.store
    sheet.append([_("悦读月结单")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("书店"), store.library.name, store.library.code])
    sheet.append([_("出资馆"), store.owner_library.name, store.owner_library.code])
    sheet.append([_("结算月份"), statement.period_label])
    sheet.append([])
    header = [_("借出时间"), _("ISBN"), _("题名"), _("条码"), _("读者证"), _("定价（元）"),
              _("已归还")]  # fmt: skip
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in statement.lines:
        sheet.append(
            [
                timezone.localtime(line.created_at).strftime("%Y-%m-%d %H:%M"),
                line.isbn,
                line.title,
                line.item.barcode,
                line.reader.card_display,
                line.price,
                _("是") if line.loan.returned_at else _("否"),
            ]
        )
        sheet.cell(row=sheet.max_row, column=6).number_format = "0.00"
    sheet.append([])
    sheet.append([_("笔数"), statement.count])
    sheet.append([_("合计（元）"), statement.total])
    sheet.cell(row=sheet.max_row, column=2).number_format = "0.00"
    sheet.append([_("月度额度（元）"), statement.budget])
    sheet.append([_("额度使用"), f"{statement.budget_used_percent}%"])
    settlement = statement.settlement
    library_at = settlement.library_accepted_at if settlement else None
    store_at = settlement.store_accepted_at if settlement else None
    sheet.append([_("图书馆确认"), _accepted(library_at)])
    sheet.append([_("书店确认"), _accepted(store_at)])
    for column, width in zip("ABCDEFG", (18, 16, 40, 18, 20, 12, 8), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def order_list_workbook(lines) -> bytes:
    """悦购: the order list (accepted suggestions not yet received) for the bookseller."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("订购单"))
    sheet.append([_("悦购订购单")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append([_("采购馆"), _("ISBN"), _("题名"), _("责任者"), _("出版者"), _("采纳时间")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(
            [
                line.library.code,
                line.isbn,
                line.title,
                line.author,
                line.publisher,
                timezone.localtime(line.decided_at).strftime("%Y-%m-%d %H:%M")
                if line.decided_at
                else "",
            ]
        )
    sheet.append([])
    sheet.append([_("笔数"), len(lines)])
    for column, width in zip("ABCDEF", (12, 16, 40, 20, 24, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
