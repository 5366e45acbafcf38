from django.db import models
from django.utils.translation import gettext_lazy as _


class OverdueRule(models.TextChoices):
    """The Hangzhou libraries lend free and block rather than fine; others fine."""

    SUSPENSION = "suspension", _("逾期停借")
    FINE = "fine", _("逾期罚款")


class RenewalBase(models.TextChoices):
    """Where a renewed loan's new due date counts from."""

    DUE_DATE = "due_date", _("从原应还日期起算")
    TODAY = "today", _("从续借当天起算")


class HoldStatus(models.TextChoices):
    WAITING = "waiting", _("排队中")
    IN_TRANSIT = "in_transit", _("运送至取书馆")
    READY = "ready", _("待取")
    FULFILLED = "fulfilled", _("已借出")
    CANCELLED = "cancelled", _("已取消")
    EXPIRED = "expired", _("逾期未取")


ACTIVE_HOLD_STATUSES = (HoldStatus.WAITING, HoldStatus.IN_TRANSIT, HoldStatus.READY)
TRAPPED_HOLD_STATUSES = (HoldStatus.IN_TRANSIT, HoldStatus.READY)


class TransitReason(models.TextChoices):
    HOME = "home", _("归还所属馆")
    HOLD = "hold", _("送往预约取书馆")


class BlockKind(models.TextChoices):
    """Why a reader may not borrow. Stored blocks are suspensions and manual
    blocks; the others are computed from the card and the loans each time."""

    CARD_EXPIRED = "card_expired", _("读者证已过期")
    CARD_INACTIVE = "card_inactive", _("读者证状态异常")
    TOO_MANY_OVERDUE = "too_many_overdue", _("逾期图书过多")
    FINES = "fines", _("欠款超过限额")
    SUSPENSION = "suspension", _("逾期停借")
    MANUAL = "manual", _("馆员设置的限制")


STORED_BLOCK_KINDS = (BlockKind.SUSPENSION, BlockKind.MANUAL)


class LogEntryKind(models.TextChoices):
    CHECKOUT = "checkout", _("借书")
    CHECKIN = "checkin", _("归还")
    RENEW = "renew", _("续借")
    LOST = "lost", _("报告遗失")
    DAMAGED = "damaged", _("报告损坏")
    HOLD_PLACE = "hold_place", _("预约")
    HOLD_TRAP = "hold_trap", _("为预约保留")
    HOLD_READY = "hold_ready", _("预约到书")
    HOLD_FULFIL = "hold_fulfil", _("预约借出")
    HOLD_CANCEL = "hold_cancel", _("取消预约")
    HOLD_EXPIRE = "hold_expire", _("预约逾期未取")
    TRANSIT_SEND = "transit_send", _("发出运送")
    TRANSIT_RECEIVE = "transit_receive", _("运送到馆")


class CheckinOutcome(models.TextChoices):
    """What the desk (or a sorter) does with a returned copy."""

    SHELVE = "shelve", _("上架")
    HOLD_SHELF = "hold_shelf", _("放预约架")
    TRANSIT = "transit", _("运送")
    PROCESSING = "processing", _("送编目加工")
    NOTHING = "nothing", _("无需处理")


class LoanChannel(models.TextChoices):
    """Where a loan was made (o2o's services): 悦读 loans at a partner bookstore's
    till, 悦享 loans handed on from another reader (an offer, accepted), 悦借 loans
    where an order is delivered to the reader."""

    DESK = "desk", _("借还台")
    API = "api", _("接口")
    SIP2 = "sip2", _("自助借还机")
    YUEDU = "yuedu", _("悦读")
    HANDON = "handon", _("悦享转借")
    DELIVERY = "delivery", _("悦借")
