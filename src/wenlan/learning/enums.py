from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    LIBRARY = "library", _("公共图书馆")
    UNIVERSITY = "university", _("合作高校")
    COMMUNITY_UNIVERSITY = "community_university", _("市民社区大学")
    OTHER = "other", _("其他机构")


class CourseFormat(models.TextChoices):
    ONLINE = "online", _("线上")
    IN_LIBRARY = "in_library", _("到馆")
    BLENDED = "blended", _("线上线下结合")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    ARCHIVED = "archived", _("已下线")


class LessonKind(models.TextChoices):
    VIDEO = "video", _("视频")
    TEXT = "text", _("图文")
    FILE = "file", _("文件")
    LINK = "link", _("网页链接")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")


ACTIVE_ENROLMENT_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)


class CheckInMethod(models.TextChoices):
    CODE = "code", _("签到码")
    SCAN = "scan", _("扫读者证")
