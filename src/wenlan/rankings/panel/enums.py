from django.db import models
from django.utils.translation import gettext_lazy as _


class Occasion(models.TextChoices):
    WORLD_BOOK_DAY = "world_book_day", _("世界读书日")
    HOLIDAY = "holiday", _("节假日")
    TOPICAL = "topical", _("专题")


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("评选中")
    PUBLISHED = "published", _("已发布")


class RoundStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    OPEN = "open", _("评分中")
    CLOSED = "closed", _("已结束")


class CandidateOrigin(models.TextChoices):
    RANKING = "ranking", _("榜单")
    NOMINATION = "nomination", _("专家提名")


class ListAction(models.TextChoices):
    CREATED = "created", _("创建书单")
    INVITED = "invited", _("邀请专家")
    NOMINATED = "nominated", _("专家提名")
    ROUND_OPENED = "round_opened", _("评分开始")
    CONFLICT = "conflict", _("申报利益冲突")
    SCORED = "scored", _("提交评分")
    ROUND_CLOSED = "round_closed", _("评分结束")
    FINALISED = "finalised", _("确定书目与推荐语")
    PUBLISHED = "published", _("发布")
