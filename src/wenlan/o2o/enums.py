from django.db import models
from django.utils.translation import gettext_lazy as _


class YueduRefusal(models.TextChoices):
    """The 悦读 rules a till step can be refused by (the API's problem `code`)."""

    MONTHLY_LIMIT = "yuedu_monthly_limit", _("每月借阅上限")
    PRICE_CAP = "yuedu_price_cap", _("单册定价上限")
    TOO_OLD = "yuedu_too_old", _("出版年限")
    TEXTBOOK = "yuedu_textbook", _("教材教辅与考试用书")
    ENOUGH_COPIES = "yuedu_enough_copies", _("全网馆藏已足")
    BUDGET = "yuedu_budget", _("书店月度额度")


class SettlementSide(models.TextChoices):
    LIBRARY = "library", _("图书馆")
    STORE = "store", _("书店")


class HandOnStatus(models.TextChoices):
    """悦享: an offer to hand a loan on. An open offer past its expiry counts as expired."""

    OPEN = "open", _("待接受")
    ACCEPTED = "accepted", _("已转借")
    WITHDRAWN = "withdrawn", _("已撤回")
    DECLINED = "declined", _("已婉拒")
    EXPIRED = "expired", _("已过期")


class HandOnRefusal(models.TextChoices):
    """What an offer or an acceptance can be refused by (the API's problem `code`)."""

    OVERDUE = "handon_overdue", _("已逾期")
    HOLDS_WAITING = "handon_holds_waiting", _("有读者在预约")
    CLOSED = "handon_closed", _("转借已结束")
    SELF = "handon_self", _("不能转借给自己")
    NOT_FOR_YOU = "handon_not_for_you", _("转借给了其他读者")


class SuggestionStatus(models.TextChoices):
    """悦购: a reader's purchase suggestion, from new to the copy received."""

    NEW = "new", _("待处理")
    ACCEPTED = "accepted", _("已采纳（订购中）")
    DECLINED = "declined", _("未采纳")
    RECEIVED = "received", _("已到馆")


class StockState(models.TextChoices):
    """悦购: what a partner bookstore says of a title it lists."""

    IN_STOCK = "in_stock", _("有货")
    FEW_LEFT = "few_left", _("少量")
    TO_ORDER = "to_order", _("需调货")
    SOLD_OUT = "sold_out", _("售罄")


class StoreOrderStatus(models.TextChoices):
    """悦购: a reader's order at a partner bookstore; paid for at the store."""

    PLACED = "placed", _("已下单")
    READY = "ready", _("可到店取书")
    COLLECTED = "collected", _("已取书")
    CANCELLED = "cancelled", _("已取消")


class Destination(models.TextChoices):
    """Where a 悦借 order goes."""

    HOME = "home", _("送到家")
    PICKUP_POINT = "pickup_point", _("送到取书点")


class ParcelStatus(models.TextChoices):
    """A parcel's steps: one parcel per holding library of an order."""

    PLACED = "placed", _("已下单")
    PICKING = "picking", _("拣书中")
    PACKED = "packed", _("已打包")
    DISPATCHED = "dispatched", _("配送中")
    AT_LOCKER = "at_locker", _("已存入取书柜")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("投递失败，已退回")
    UNCOLLECTED = "uncollected", _("逾期未取，已退回")
    CANCELLED = "cancelled", _("已取消")
    RETURN_REQUESTED = "return_requested", _("已预约快递上门还书")
    RETURNED = "returned", _("已由快递还回")


# A parcel still being prepared at its library: the reader may cancel it.
PARCEL_BEFORE_DISPATCH = (ParcelStatus.PLACED, ParcelStatus.PICKING, ParcelStatus.PACKED)
# Parcels whose copies are still kept for the order (not lent, not back on a shelf).
PARCEL_OPEN = (*PARCEL_BEFORE_DISPATCH, ParcelStatus.DISPATCHED, ParcelStatus.AT_LOCKER)


class LineStatus(models.TextChoices):
    """One copy of an order."""

    ORDERED = "ordered", _("待拣")
    PICKED = "picked", _("已拣")
    LENT = "lent", _("已借出")
    MISSING = "missing", _("架上未找到")
    MOVED = "moved", _("改由他馆配送")
    CANCELLED = "cancelled", _("已取消")
    RETURNED = "returned", _("已退回")


LINE_KEPT = (LineStatus.ORDERED, LineStatus.PICKED)


class CourierEvent(models.TextChoices):
    """The statuses a courier company reports (its CSV file, or staff typing them)."""

    PICKED_UP = "picked_up", _("快递已揽收")
    IN_TRANSIT = "in_transit", _("运输中")
    AT_LOCKER = "at_locker", _("已存入取书柜")
    DELIVERED = "delivered", _("已签收")
    FAILED = "failed", _("投递失败")


class StepNote(models.TextChoices):
    """What the system says about a step or a copy, stored as a code and shown in
    the reader's language (what staff type is stored and shown as typed)."""

    COURIER_SIGNED = "courier_signed", _("快递签收")
    COURIER_FAILED = "courier_failed", _("快递投递失败")
    PICKUP_CODE = "pickup_code", _("凭取件码取件")
    READER_CANCELLED = "reader_cancelled", _("读者取消")
    UNCOLLECTED = "uncollected", _("逾期未取，已退回")
    DELIVERY_FAILED = "delivery_failed", _("投递失败")
    MOVED = "not_on_shelf_moved", _("本馆架上未找到，改由其他馆配送")
    NOT_FOUND = "not_on_shelf_cancelled", _("架上未找到，其他馆也没有在架副本，已取消")


def note_display(note: str) -> str:
    """A stored note as the reader reads it: a code in their language, else as typed."""
    for choices in (StepNote, CourierEvent):
        if note in choices.values:
            return str(choices(note).label)
    return note
