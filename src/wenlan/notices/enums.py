from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    HOLD_READY = "hold_ready", _("预约到书")
    HOLD_EXPIRED = "hold_expired", _("预约已过期")
    WAITLIST_PROMOTED = "waitlist_promoted", _("候补成功")
    EVENT_CANCELLED = "event_cancelled", _("活动取消")
    SUGGESTION_ACCEPTED = "suggestion_accepted", _("荐购已采纳")
    SUGGESTION_DECLINED = "suggestion_declined", _("荐购未采纳")
    DELIVERY_AT_LOCKER = "delivery_at_locker", _("悦借已存入取书柜")
    DELIVERY_RETURNED = "delivery_returned", _("悦借包裹已退回")
    QUESTION_ANSWERED = "question_answered", _("咨询已答复")
    VOLUNTEER_SHIFT = "volunteer_shift", _("志愿服务岗位通知")
    LIBRARY_MESSAGE = "library_message", _("图书馆消息")
