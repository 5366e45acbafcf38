from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("文章")
    FAQ = "faq", _("常见问题")
    LIBRARY = "library", _("图书馆信息")


class PassageLanguage(models.TextChoices):
    """The values of accounts.enums.Language, which the robot passes on."""

    ZH_HANS = "zh-hans", "中文"
    EN = "en", "English"
