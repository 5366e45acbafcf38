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
