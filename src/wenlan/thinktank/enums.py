from django.db import models
from django.utils.translation import gettext_lazy as _


class ClippingKind(models.TextChoices):
    EXPERT = "expert", _("专家观点")
    ACADEMIC = "academic", _("学术观点")
    DOMESTIC_POLICY = "domestic_policy", _("国内政策")
    FOREIGN_POLICY = "foreign_policy", _("国外政策")
    OPINION = "opinion", _("社会舆情")


class ClippingLanguage(models.TextChoices):
    ZH = "zh", _("中文")
    EN = "en", _("英文")
    OTHER = "other", _("其他")


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审核")
    SENT_BACK = "sent_back", _("退回修改")
    APPROVED = "approved", _("已审定")
    ISSUED = "issued", _("已签发")


class BulletinAction(models.TextChoices):
    CREATED = "created", _("起草")
    EDITED = "edited", _("修改")
    SECTION_ADDED = "section_added", _("加入条目")
    SECTION_REMOVED = "section_removed", _("移除条目")
    SECTION_MOVED = "section_moved", _("调整顺序")
    SUBMITTED = "submitted", _("提交审核")
    SENT_BACK = "sent_back", _("退回修改")
    APPROVED = "approved", _("审定")
    ISSUED = "issued", _("签发")


class FeedbackKind(models.TextChoices):
    INSTRUCTION = "instruction", _("领导批示")
    ADOPTION = "adoption", _("政策采纳")


class SubmissionChannel(models.TextChoices):
    PAPER = "paper", _("纸质报送")
    EMAIL = "email", _("电子邮件")
    GOV_NETWORK = "gov_network", _("政务内网")
    IN_PERSON = "in_person", _("当面呈送")


class RequesterKind(models.TextChoices):
    DEPUTY = "deputy", _("人大代表")
    MEMBER = "member", _("政协委员")


class SessionRequestStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class ConsultingStatus(models.TextChoices):
    FILED = "filed", _("已提交")
    ASSIGNED = "assigned", _("处理中")
    DELIVERED = "delivered", _("已交付报告")
    MORE_REQUESTED = "more_requested", _("企业要求补充")
    ACCEPTED = "accepted", _("已验收")
