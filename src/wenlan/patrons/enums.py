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


class AgeBand(models.TextChoices):
    """A reader's age band on a given day (patrons.policies.age_band): only the
    birth year is held, so the age is the one reached in that day's year."""

    UNDER_7 = "0-6", _("0–6 岁")
    FROM_7 = "7-12", _("7–12 岁")
    FROM_13 = "13-17", _("13–17 岁")
    FROM_18 = "18-34", _("18–34 岁")
    FROM_35 = "35-59", _("35–59 岁")
    FROM_60 = "60+", _("60 岁及以上")
    UNKNOWN = "unknown", _("未登记")
