from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionCategory(models.TextChoices):
    """What a question is about: the queue's filter and the service level's key."""

    LENDING = "lending", _("借阅与服务")
    COLLECTIONS = "collections", _("馆藏与查找")
    LOCAL = "local", _("地方文献与杭州")
    STUDY = "study", _("学习与研究")
    CIVIC = "civic", _("政务与生活")
    OTHER = "other", _("其他")


class QuestionChannel(models.TextChoices):
    WEB = "web", _("网站")
    ROBOT = "robot", _("咨询机器人")
    API = "api", _("接口（合作馆）")


class QuestionStatus(models.TextChoices):
    NEW = "new", _("待受理")
    ASSIGNED = "assigned", _("处理中")
    ANSWERED = "answered", _("已答复")
    REFERRED = "referred", _("已转介")
    CLOSED = "closed", _("已关闭")


# Questions still waiting for an answer to the reader (counted against their due time).
QUESTION_OPEN = (QuestionStatus.NEW, QuestionStatus.ASSIGNED, QuestionStatus.REFERRED)


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("已发送，待答复")
    ANSWERED = "answered", _("合作馆已答复")
    DECLINED = "declined", _("合作馆婉拒")
