from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    PRINTER_3D = "printer_3d", _("3D 打印机")
    LASER_CUTTER = "laser_cutter", _("激光切割机")
    RECORDING_BOOTH = "recording_booth", _("录音间")
    ROOM = "room", _("活动室")
    OTHER = "other", _("其他设备")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    CHECKED_IN = "checked_in", _("已签到")


# A booking in one of these holds its slot: one per resource and start.
ACTIVE_BOOKING_STATUSES = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN)
