from django.db import models
from django.utils.translation import gettext_lazy as _


class MarcFlavour(models.TextChoices):
    MARC21 = "marc21", "MARC21"
    UNIMARC = "unimarc", "UNIMARC/CNMARC"


class MaterialType(models.TextChoices):
    BOOK = "book", _("图书")
    SERIAL = "serial", _("期刊")
    SCORE = "score", _("乐谱")
    SOUND = "sound", _("录音资料")
    VIDEO = "video", _("视频资料")
    MAP = "map", _("地图")
    ELECTRONIC = "electronic", _("电子资源")
    MANUSCRIPT = "manuscript", _("手稿")
    OTHER = "other", _("其他")


class ItemStatus(models.TextChoices):
    AVAILABLE = "available", _("在架")
    ON_LOAN = "on_loan", _("借出")
    IN_TRANSIT = "in_transit", _("运送中")
    ON_HOLD_SHELF = "on_hold_shelf", _("预约待取")
    IN_PROCESSING = "in_processing", _("加工中")
    LOST = "lost", _("遗失")
    MISSING = "missing", _("架上未找到")
    WITHDRAWN = "withdrawn", _("已剔除")
    ORDERED = "ordered", _("悦借订单保留")


# Statuses in which a copy still belongs to the collection a reader can see.
VISIBLE_STATUSES = frozenset(
    {
        ItemStatus.AVAILABLE,
        ItemStatus.ON_LOAN,
        ItemStatus.IN_TRANSIT,
        ItemStatus.ON_HOLD_SHELF,
        ItemStatus.IN_PROCESSING,
        ItemStatus.ORDERED,
    }
)


class ItemType(models.TextChoices):
    BOOK = "book", _("普通图书")
    REFERENCE = "reference", _("工具书（不外借）")
    CHILDREN = "children", _("少儿图书")
    PERIODICAL = "periodical", _("期刊")
    AUDIOVISUAL = "audiovisual", _("音像资料")
    RARE = "rare", _("古籍善本（不外借）")


class IndexOp(models.TextChoices):
    UPSERT = "upsert", _("更新")
    DELETE = "delete", _("删除")


class SearchSort(models.TextChoices):
    RELEVANCE = "relevance", _("相关度")
    NEWEST = "newest", _("最新出版")
    MOST_BORROWED = "most_borrowed", _("借阅最多")


class ImportOutcome(models.TextChoices):
    CREATED = "created", _("新建")
    UPDATED = "updated", _("更新")
    MERGED = "merged", _("合并")
    SKIPPED = "skipped", _("未变化")
    FAILED = "failed", _("失败")
