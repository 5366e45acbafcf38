from django.db import models
from django.utils.translation import gettext_lazy as _


class ReasonKind(models.TextChoices):
    BORROWED = "borrowed", _("因为您借过")
    SEGMENT = "segment", _("同类读者喜爱")
    CONTENT = "content", _("与您读过的书相近")
    POPULAR = "popular", _("全馆热门")


class EventReasonKind(models.TextChoices):
    THEME = "theme", _("与您常读的类别相关")
    ATTENDED = "attended", _("您参加过同类活动")
    LIBRARY = "library", _("在您常去的图书馆")


class SegmentCode(models.TextChoices):
    """The rules, in the order they are tried (policies.segment_of)."""

    NEW = "new", _("新读者")
    LAPSED = "lapsed", _("久未借阅")
    CHILDREN = "children", _("少儿读者")
    FOREIGN = "foreign", _("外文读者")
    LITERATURE = "literature", _("文学爱好者")
    HISTORY = "history", _("文史哲读者")
    SCIENCE = "science", _("科技与实用")
    AVID = "avid", _("博览型常客")
    GENERAL = "general", _("一般读者")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    DONE = "done", _("完成")
    FAILED = "failed", _("失败")


# Each segment's rule in words, as the staff page explains it (policies.segment_of
# tries them in this order; a reader is in the first that holds).
SEGMENT_RULES = {
    SegmentCode.NEW: _("第一次借阅在 90 天之内。"),
    SegmentCode.LAPSED: _("最近 180 天没有借阅。"),
    SegmentCode.CHILDREN: _("读者类型为少儿。"),
    SegmentCode.FOREIGN: _("三成以上借阅是外文图书。"),
    SegmentCode.LITERATURE: _("一半以上借阅属于中图法 I 类（文学）。"),
    SegmentCode.HISTORY: _("一半以上借阅属于 A–D、J、K 类（哲学、社科总论、政治、艺术、历史）。"),
    SegmentCode.SCIENCE: _("一半以上借阅属于 N–X 类（自然科学、医学、工业技术）。"),
    SegmentCode.AVID: _("没有主导类别，每月借阅 4 册以上。"),
    SegmentCode.GENERAL: _("以上都不符合的读者。"),
}
