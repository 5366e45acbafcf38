from django.db import models
from django.utils.translation import gettext_lazy as _


class Intent(models.TextChoices):
    """What the robot took a question to be: answered from the knowledge base, from
    live data, or not at all (empty, refused)."""

    KNOWLEDGE = "knowledge", _("知识库")
    OPENING_HOURS = "opening_hours", _("开放时间")
    BOOK_LOCATION = "book_location", _("图书位置")
    EVENTS = "events", _("近期活动")
    MY_LOANS = "my_loans", _("我的借阅")
    EMPTY = "empty", _("空白问题")
    REFUSED = "refused", _("无法回答")


LIVE_INTENTS = frozenset(
    {Intent.OPENING_HOURS, Intent.BOOK_LOCATION, Intent.EVENTS, Intent.MY_LOANS}
)


class Feedback(models.TextChoices):
    HELPFUL = "helpful", _("有帮助")
    UNHELPFUL = "unhelpful", _("没有帮助")
