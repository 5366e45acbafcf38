"""A volunteer is a reader with a profile: what they can do, when and where, what
training and checks they have, and their identity number, kept encrypted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenlan.core.models import TimestampedModel
from wenlan.volunteers.enums import Background, District, ProfileStatus


class VolunteerProfile(TimestampedModel):
    reader = models.OneToOneField(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ProfileStatus.choices, default=ProfileStatus.APPLIED
    )
    # Codes bounded by commas (policies.tags_encode): ",legal_advice,translation,".
    skills = models.CharField(_("技能"), max_length=400, blank=True)
    languages = models.CharField(_("语言"), max_length=200, blank=True)
    trainings = models.CharField(_("已完成培训"), max_length=300, blank=True)
    checks = models.CharField(_("已核验证明"), max_length=200, blank=True)
    background = models.CharField(_("职业背景"), max_length=16, choices=Background.choices)
    background_detail = models.CharField(_("专业特长"), max_length=200, blank=True)
    district = models.CharField(_("所在区县"), max_length=16, choices=District.choices)
    availability = models.PositiveIntegerField(_("可服务时段"), default=0)
    # Fernet token of the ID number (WENLAN_VOLUNTEER_ID_KEY) and what pages show of it.
    id_number_encrypted = models.TextField(_("身份证号（加密）"), blank=True)
    id_number_masked = models.CharField(_("身份证号（脱敏）"), max_length=18, blank=True)
    applied_at = models.DateTimeField(_("申请时间"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(_("审核意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "district"])]

    def __str__(self) -> str:
        return f"{_('志愿者')} {self.pk}"
