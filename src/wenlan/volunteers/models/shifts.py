"""Opportunities (volunteer projects) at a library, their shifts, sign-ups with
check-in, check-out and hours, swaps between volunteers, and certificates of hours."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated
from wenlan.core.models import TimestampedModel
from wenlan.volunteers.enums import District, HoursStatus, SignupStatus, SwapStatus


class Opportunity(TimestampedModel):
    """A volunteer project (志愿服务项目): what, where, and what it asks of people."""

    title_zh = models.CharField(_("中文名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    description_zh = models.TextField(_("中文说明"), blank=True)
    description_en = models.TextField(_("英文说明"), blank=True)
    library = models.ForeignKey(
        "network.Library", verbose_name=_("服务地点"), on_delete=models.PROTECT, related_name="+"
    )
    district = models.CharField(_("所在区县"), max_length=16, choices=District.choices)
    needs_skills = models.CharField(_("所需技能（任一）"), max_length=400, blank=True)
    needs_trainings = models.CharField(_("所需培训（全部）"), max_length=300, blank=True)
    is_open = models.BooleanField(_("招募中"), default=True)

    class Meta:
        verbose_name = _("志愿服务项目")
        verbose_name_plural = _("志愿服务项目")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def title(self) -> str:
        return translated(self, "title")


class Shift(models.Model):
    """One shift (班次) of a project. `signed_up_count` is kept under the shift's
    row lock; a check constraint holds it within the capacity."""

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("人数"))
    signed_up_count = models.PositiveIntegerField(_("已报名人数"), default=0)
    # An event's session that asked for volunteers; events knows nothing of it.
    occurrence = models.ForeignKey(
        "events.Occurrence",
        verbose_name=_("活动场次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checkin_code = models.CharField(_("签到码"), max_length=8, unique=True)
    is_cancelled = models.BooleanField(_("已取消"), default=False)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_up_count__lte=models.F("capacity")), name="shift_never_overfull"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.signed_up_count)


class ShiftSignup(models.Model):
    """A volunteer on a shift, and what they served there: check-in and check-out
    once each, the minutes worked, and the minutes the coordinator approved."""

    shift = models.ForeignKey(
        Shift, verbose_name=_("班次"), on_delete=models.CASCADE, related_name="signups"
    )
    profile = models.ForeignKey(
        "volunteers.VolunteerProfile",
        verbose_name=_("志愿者"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    status = models.CharField(_("状态"), max_length=16, choices=SignupStatus.choices)
    created_at = models.DateTimeField(_("报名时间"))
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    worked_minutes = models.PositiveIntegerField(_("服务时长（分钟）"), null=True, blank=True)
    hours_status = models.CharField(
        _("时长审核"), max_length=16, choices=HoursStatus.choices, default=HoursStatus.PENDING
    )
    approved_minutes = models.PositiveIntegerField(_("认定时长（分钟）"), null=True, blank=True)
    correction_reason = models.CharField(_("更正原因"), max_length=300, blank=True)
    approved_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("班次报名")
        verbose_name_plural = _("班次报名")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "profile"],
                condition=Q(status="signed_up"),
                name="signup_one_active_per_volunteer_shift",
            )
        ]
        indexes = [models.Index(fields=["profile", "hours_status"])]

    def __str__(self) -> str:
        return f"{self.profile_id} @ {self.shift_id}"


class SwapOffer(models.Model):
    """A volunteer offers their place on a shift to another qualified volunteer,
    who accepts (the place changes hands) or declines."""

    signup = models.ForeignKey(ShiftSignup, on_delete=models.CASCADE, related_name="swap_offers")
    to_profile = models.ForeignKey(
        "volunteers.VolunteerProfile", on_delete=models.CASCADE, related_name="swaps_offered_to_me"
    )
    status = models.CharField(_("状态"), max_length=16, choices=SwapStatus.choices)
    created_at = models.DateTimeField(_("发起时间"))
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("换班")
        verbose_name_plural = _("换班")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["signup", "to_profile"],
                condition=Q(status="offered"),
                name="swap_one_open_offer_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signup_id} → {self.to_profile_id}"


class HoursCertificate(models.Model):
    """A certificate of the approved hours a volunteer had on the day it was issued."""

    code = models.CharField(_("证书编号"), max_length=32, unique=True)
    profile = models.ForeignKey(
        "volunteers.VolunteerProfile", on_delete=models.CASCADE, related_name="certificates"
    )
    holder_name = models.CharField(_("持证人"), max_length=100)
    minutes = models.PositiveIntegerField(_("认定时长（分钟）"))
    issued_at = models.DateTimeField(_("颁发时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿服务时长证书")
        verbose_name_plural = _("志愿服务时长证书")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "minutes"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_per_volunteer_hours",
            )
        ]

    def __str__(self) -> str:
        return self.code
