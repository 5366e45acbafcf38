"""The dashboard's O2O orders figure: orders that ended, per month placed and
channel (悦读 till loans, 悦购 store orders, 悦借 parcels), drawn as bars stacked by
channel. Read from the o2o app's dataset of the export (analytics aggregation
`o2o_orders_by_month_channel`, the library's orders in a library's view); a cell
(month × channel) covering fewer than 10 readers is masked like every figure's."""

from typing import Any

from django.utils.translation import gettext_lazy

REQUEST = ("o2o", "o2o_orders_by_month_channel")

CHANNELS = {
    "till": gettext_lazy("悦读（书店借书）"),
    "store": gettext_lazy("悦购（书店订书）"),
    "delivery": gettext_lazy("悦借（送书上门）"),
}

# The keyword arguments of the figure's dashboard.FigureSpec.
SPEC: dict[str, Any] = {
    "key": "o2o",
    "title": gettext_lazy("O2O 订单"),
    "how": gettext_lazy(
        "按下单月份与渠道统计已结束的订单：悦读为书店借出的册次，悦购为书店订单，"
        "悦借为各馆发出的包裹（一单涉及两馆计两件）；完成、取消、未成功（投递失败或逾期未取）"
        "分列，读者数为下单的不同读者。进行中的订单结束后计入。"
    ),
    "chart": "stacked",
    "columns": (
        ("month", gettext_lazy("月份")),
        ("channel_label", gettext_lazy("渠道")),
        ("orders", gettext_lazy("订单")),
        ("completed", gettext_lazy("完成")),
        ("cancelled", gettext_lazy("已取消")),
        ("failed", gettext_lazy("未成功")),
        ("readers", gettext_lazy("读者数")),
    ),
    "x": "month",
    "series": ("orders",),
    "values": ("orders", "completed", "cancelled", "failed"),
    "group": "channel_label",
}


def o2o_rows(rows: list[dict]) -> list[dict]:
    """The aggregation's rows (one library's or the network's: exact distinct
    readers either way), each with its channel's name, in channel order."""
    order = list(CHANNELS)
    out = [
        {**row, "channel_label": str(CHANNELS.get(row["channel"], row["channel"]))} for row in rows
    ]
    rank = {c: n for n, c in enumerate(order)}
    return sorted(out, key=lambda r: (r["month"], rank.get(r["channel"], len(order))))
