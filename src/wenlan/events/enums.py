from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已审核")
    PUBLISHED = "published", _("已发布")
    CANCELLED = "cancelled", _("已取消")


class EventCategory(models.TextChoices):
    LECTURE = "lecture", _("讲座")
    SALON = "salon", _("沙龙")
    EXHIBITION = "exhibition", _("展览")
    PERFORMANCE = "performance", _("演出")
    WORKSHOP = "workshop", _("工作坊")
    CHILDREN = "children", _("少儿阅读")
    READING = "reading", _("阅读推广")
    OTHER = "other", _("其他")


class EventSource(models.TextChoices):
    STAFF = "staff", _("工作人员录入")
    API = "api", _("合作方接口")
    ICAL = "ical", _("iCalendar 订阅")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已确认")
    WAITLISTED = "waitlisted", _("候补中")
    CANCELLED = "cancelled", _("已取消")
    ATTENDED = "attended", _("已签到")
    NO_SHOW = "no_show", _("未到场")


# A registration in one of these holds its place: one per reader per occurrence.
ACTIVE_REGISTRATION_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


class ClubStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已加入联盟")
    SUSPENDED = "suspended", _("已暂停")


class ClubRole(models.TextChoices):
    ORGANISER = "organiser", _("组织者")
    MEMBER = "member", _("成员")
