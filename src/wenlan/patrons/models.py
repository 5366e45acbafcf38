import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.enums import Language
from wenlan.core import clock
from wenlan.core.models import TimestampedModel
from wenlan.patrons.enums import ReaderCategory, ReaderStatus
from wenlan.patrons.policies import EARLIEST_BIRTH_YEAR

card_number_validator = RegexValidator(
    r"^[A-Za-z0-9]{6,32}$", _("读者卡号为 6 到 32 位字母或数字（可使用身份证号）。")
)
phone_validator = RegexValidator(r"^\+?[0-9 -]{6,20}$", _("请输入有效的电话号码。"))


def birth_year_not_future(value: int) -> None:
    if value > clock.today().year:
        raise ValidationError(_("出生年份不能晚于今年。"), code="birth_year_future")


birth_year_validators = [
    MinValueValidator(EARLIEST_BIRTH_YEAR, _("出生年份不能早于 1900 年。")),
    birth_year_not_future,
]


# A resident identity card number (18 characters, the last a check digit or X;
# the old cards had 15 digits).
NATIONAL_ID = re.compile(r"^(?:[0-9]{17}[0-9Xx]|[0-9]{15})$")


def mask_card_number(card_number: str) -> str:
    """3301**********1234 for an ID number; any other card number as it is."""
    if not NATIONAL_ID.match(card_number):
        return card_number
    return card_number[:4] + "*" * (len(card_number) - 8) + card_number[-4:]


class Reader(TimestampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网上账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reader",
    )
    card_number = models.CharField(
        _("读者卡号"), max_length=40, unique=True, validators=[card_number_validator]
    )
    name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("电子邮箱"), blank=True)
    category = models.CharField(
        _("读者类型"), max_length=16, choices=ReaderCategory.choices, default=ReaderCategory.ADULT
    )
    # Only the year, never the date (data minimisation, docs/personal-data.md): the
    # age band of a loan is all the statistics need.
    birth_year = models.PositiveSmallIntegerField(
        _("出生年份"),
        null=True,
        blank=True,
        validators=birth_year_validators,
        help_text=_("选填，只记年份，用于按年龄段统计借阅。"),
    )
    home_library = models.ForeignKey(
        "network.Library", verbose_name=_("注册馆"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ReaderStatus.choices, default=ReaderStatus.ACTIVE
    )
    registered_on = models.DateField(_("注册日期"))
    expiry_date = models.DateField(_("有效期至"))
    language = models.CharField(
        _("通知语言"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    keep_reading_history = models.BooleanField(
        _("保留借阅历史"), default=False, help_text=_("开启后，您的借阅历史会保存，您可随时删除。")
    )
    allow_recommendations = models.BooleanField(
        _("个性化推荐"), default=False, help_text=_("根据您的借阅和活动为您推荐图书和活动。")
    )
    allow_analytics = models.BooleanField(
        _("参与匿名统计"),
        default=True,
        help_text=_("以匿名编号计入阅读统计，任何公开数据都不会显示个人。"),
    )
    email_notices = models.BooleanField(_("接收邮件通知"), default=True)
    erased_at = models.DateTimeField(_("注销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("读者")
        verbose_name_plural = _("读者")
        ordering = ["card_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__gte=models.F("registered_on")),
                name="reader_expiry_after_registration",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReaderStatus.ERASED)
                | Q(erased_at__isnull=False, user__isnull=True),
                name="reader_erased_has_no_account",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=EARLIEST_BIRTH_YEAR),
                name="reader_birth_year_from_1900",
            ),
        ]
        indexes = [models.Index(fields=["home_library", "status"])]

    def __str__(self) -> str:
        return f"{self.card_display} {self.name}"

    @property
    def card_display(self) -> str:
        """The card number as pages show it: a national ID number used as a card
        number is never shown in full after sign-up."""
        return mask_card_number(self.card_number)
