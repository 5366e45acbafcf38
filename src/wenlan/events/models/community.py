"""What readers bring: proposed activities and reading clubs (民间阅读组织)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated
from wenlan.core.models import TimestampedModel, slug_validator
from wenlan.events.enums import ClubRole, ClubStatus, EventCategory, ProposalStatus


class ReadingClub(TimestampedModel):
    slug = models.SlugField(_("标识"), max_length=64, unique=True, validators=[slug_validator])
    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    description_zh = models.TextField(_("中文简介"))
    description_en = models.TextField(_("英文简介"), blank=True)
    meets_zh = models.CharField(_("活动安排"), max_length=200, blank=True)
    library = models.ForeignKey(
        "network.Library", verbose_name=_("联系图书馆"), on_delete=models.PROTECT, related_name="+"
    )
    founder = models.ForeignKey(
        "patrons.Reader", verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ClubStatus.choices, default=ClubStatus.PENDING
    )
    approved_at = models.DateTimeField(_("加入联盟时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("阅读组织")
        verbose_name_plural = _("阅读组织")
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def description(self) -> str:
        return translated(self, "description")


class ClubMembership(models.Model):
    club = models.ForeignKey(ReadingClub, on_delete=models.CASCADE, related_name="memberships")
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("角色"), max_length=16, choices=ClubRole.choices, default=ClubRole.MEMBER
    )
    joined_at = models.DateTimeField(_("加入时间"))

    class Meta:
        verbose_name = _("阅读组织成员")
        verbose_name_plural = _("阅读组织成员")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["club", "reader"], name="club_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.club} · {self.reader}"


class ActivityProposal(TimestampedModel):
    """A reader's idea for an activity: what, for whom, when, what they need. Staff
    review it; an approved proposal becomes an event with the reader as organiser."""

    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("提议读者"), on_delete=models.CASCADE, related_name="+"
    )
    club = models.ForeignKey(
        ReadingClub,
        verbose_name=_("代表阅读组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    library = models.ForeignKey(
        "network.Library",
        verbose_name=_("希望举办的图书馆"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("活动名称"), max_length=200)
    description = models.TextField(_("活动内容"))
    audience = models.CharField(_("面向人群"), max_length=200)
    category = models.CharField(
        _("类别"), max_length=16, choices=EventCategory.choices, default=EventCategory.READING
    )
    preferred_date = models.DateField(_("希望日期"))
    preferred_time = models.CharField(_("希望时段"), max_length=100, blank=True)
    expected_people = models.PositiveSmallIntegerField(
        _("预计人数"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    needs = models.TextField(_("需要的支持"), blank=True, help_text=_("场地、设备、宣传等。"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("生成的活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )

    class Meta:
        verbose_name = _("读者活动提议")
        verbose_name_plural = _("读者活动提议")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
