"""A bookable resource (a machine of the maker space, a room) and its bookings."""

import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated
from wenlan.core.models import TimestampedModel, slug_validator
from wenlan.spaces.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, ResourceKind


class Resource(TimestampedModel):
    """A bookable thing in a maker space or a library: a 3D printer, a laser cutter,
    a recording booth, a room. Booked in slots on a daily grid."""

    slug = models.SlugField(_("标识"), max_length=64, unique=True, validators=[slug_validator])
    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    description_zh = models.TextField(_("中文说明与使用规则"), blank=True)
    description_en = models.TextField(_("英文说明与使用规则"), blank=True)
    kind = models.CharField(_("类型"), max_length=24, choices=ResourceKind.choices)
    library = models.ForeignKey(
        "network.Library", verbose_name=_("所在图书馆"), on_delete=models.PROTECT, related_name="+"
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("每个时段（分钟）"), default=60, validators=[MinValueValidator(15)]
    )
    day_opens = models.TimeField(_("每日开始"), default=dt.time(9))
    day_closes = models.TimeField(_("每日结束"), default=dt.time(17))
    open_weekdays = models.CharField(
        _("开放星期"),
        max_length=13,
        default="1,2,3,4,5,6",
        help_text=_("0 为周一，6 为周日，用逗号分隔。"),
    )
    max_hours_per_week = models.PositiveSmallIntegerField(_("每人每周最多小时数"), default=4)
    booking_days_ahead = models.PositiveSmallIntegerField(_("可提前预约天数"), default=14)
    # A reference to a row of events, not an import of it: whether a reader attended
    # is asked through core.attendance.
    induction_event = models.ForeignKey(
        "events.Event",
        verbose_name=_("须先参加的培训活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("开放预约"), default=True)

    class Meta:
        verbose_name = _("可预约设备与场地")
        verbose_name_plural = _("可预约设备与场地")
        ordering = ["library", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day_closes__gt=models.F("day_opens")),
                name="resource_day_closes_after_opens",
            )
        ]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def description(self) -> str:
        return translated(self, "description")

    @property
    def weekdays(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.open_weekdays.split(",") if d.strip().isdigit())


class Booking(models.Model):
    """One slot of a resource for one reader. The partial unique constraint keeps a
    slot to one active booking."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookings")
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    status = models.CharField(
        _("状态"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    created_at = models.DateTimeField(_("预约时间"))
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("设备预约")
        verbose_name_plural = _("设备预约")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["resource", "starts_at"],
                condition=Q(status__in=[s.value for s in ACTIVE_BOOKING_STATUSES]),
                name="booking_one_active_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["reader", "status"])]

    def __str__(self) -> str:
        return f"{self.resource} {self.starts_at:%Y-%m-%d %H:%M}"
