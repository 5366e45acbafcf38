from django.db import models
from django.utils.translation import gettext_lazy as _


class ReaderCategory(models.TextChoices):
    ADULT = "adult", _("成人")
    CHILD = "child", _("少儿")
    STUDENT = "student", _("学生")
    SENIOR = "senior", _("老年人")
    DISABLED = "disabled", _("残障读者")
    INSTITUTION = "institution", _("集体读者")


class ReaderStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    SUSPENDED = "suspended", _("暂停")
    EXPIRED = "expired", _("过期")
    ERASED = "erased", _("已注销")
