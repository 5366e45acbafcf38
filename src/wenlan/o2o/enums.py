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
