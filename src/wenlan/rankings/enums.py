from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedKind(models.TextChoices):
    LOANS = "loans", _("借阅")
    SALES = "sales", _("销售")
    TITLES = "titles", _("新书")


class UploadStatus(models.TextChoices):
    LOADED = "loaded", _("已载入")
    REJECTED = "rejected", _("已拒收")


class Category(models.TextChoices):
    ALL = "all", _("总榜")
    LITERATURE = "literature", _("文学")
    HISTORY_CULTURE = "history_culture", _("历史与文化")
    SOCIAL_SCIENCE = "social_science", _("社会科学")
    SCIENCE_TECH = "science_tech", _("科学技术")
    CHILDREN = "children", _("少儿")
    LIFE_ARTS = "life_arts", _("生活与艺术")
