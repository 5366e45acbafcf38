from django.db import models
from django.utils.translation import gettext_lazy as _


class BookListStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


class TopicKind(models.TextChoices):
    """The two kinds of planning suggestion (insights.planning.Topic.kind)."""

    CLC = "clc", _("中图法大类")
    WORD = "word", _("主题词")


class MoveDirection(models.TextChoices):
    UP = "up", _("上移")
    DOWN = "down", _("下移")
