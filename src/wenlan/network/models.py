from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated
from wenlan.core.models import Place, TimestampedModel
from wenlan.network.enums import CooperationModel, LibraryKind, PartnerKind, Weekday

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$", _("代码只能包含字母、数字、连字符和下划线。")
)


class Partner(TimestampedModel):
    code = models.CharField(_("代码"), max_length=32, unique=True, validators=[code_validator])
    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=24, choices=PartnerKind.choices)
    country = models.CharField(_("国家/地区"), max_length=64, default="中国")
    website = models.URLField(_("网站"), blank=True)
    description_zh = models.TextField(_("中文简介"), blank=True)
    description_en = models.TextField(_("英文简介"), blank=True)
    is_trusted = models.BooleanField(
        _("可信合作方"), default=False, help_text=_("可信合作方提交的内容无需审核即可发布。")
    )

    class Meta:
        verbose_name = _("合作机构")
        verbose_name_plural = _("合作机构")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> str:
        return translated(self, "name")


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("姓名"), max_length=100)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")

    def __str__(self) -> str:
        return self.name


class Agreement(TimestampedModel):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements")
    library = models.ForeignKey(
        "Library",
        verbose_name=_("图书馆"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    title = models.CharField(_("协议名称"), max_length=200)
    cooperation_model = models.CharField(
        _("合作模式"), max_length=32, choices=CooperationModel.choices, blank=True
    )
    signed_on = models.DateField(_("签署日期"))
    starts_on = models.DateField(_("生效日期"))
    ends_on = models.DateField(_("到期日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("合作协议")
        verbose_name_plural = _("合作协议")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Library(TimestampedModel, Place):
    code = models.CharField(_("馆代码"), max_length=32, unique=True, validators=[code_validator])
    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=24, choices=LibraryKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级馆"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    theme_zh = models.CharField(_("主题（中文）"), max_length=200, blank=True)
    theme_en = models.CharField(_("主题（英文）"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("合作机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="libraries",
    )
    cooperation_model = models.CharField(
        _("合作模式"), max_length=32, choices=CooperationModel.choices, blank=True
    )
    is_active = models.BooleanField(_("开放服务"), default=True)

    class Meta:
        verbose_name = _("图书馆")
        verbose_name_plural = _("图书馆")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=LibraryKind.THEMED_BRANCH)
                | (~Q(theme_zh="") & ~Q(cooperation_model="") & Q(partner__isnull=False)),
                name="themed_branch_has_theme_partner_and_model",
            ),
            models.CheckConstraint(
                condition=~Q(parent_id=models.F("id")), name="library_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def address(self) -> str:
        return translated(self, "address")

    @property
    def theme(self) -> str:
        return translated(self, "theme")


class OpeningHours(models.Model):
    """One opening period on a weekday; a day may have several (a lunch break)."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    opens = models.TimeField(_("开馆"))
    closes = models.TimeField(_("闭馆"))

    class Meta:
        verbose_name = _("开放时间")
        verbose_name_plural = _("开放时间")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="hours_closes_after_opens"
            ),
            models.UniqueConstraint(
                fields=["library", "weekday", "opens"], name="hours_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A date when the usual hours do not hold: closed for a holiday, or special hours."""

    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, related_name="opening_exceptions"
    )
    date = models.DateField(_("日期"))
    is_closed = models.BooleanField(_("闭馆"), default=True)
    opens = models.TimeField(_("开馆"), null=True, blank=True)
    closes = models.TimeField(_("闭馆时间"), null=True, blank=True)
    reason_zh = models.CharField(_("原因（中文）"), max_length=200, blank=True)
    reason_en = models.CharField(_("原因（英文）"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("开放时间例外")
        verbose_name_plural = _("开放时间例外")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["library", "date"], name="exception_one_per_day"),
            models.CheckConstraint(
                condition=Q(is_closed=True)
                | (
                    Q(opens__isnull=False)
                    & Q(closes__isnull=False)
                    & Q(closes__gt=models.F("opens"))
                ),
                name="exception_open_has_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.reason_zh}"

    @property
    def reason(self) -> str:
        return translated(self, "reason")
