from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ValidationError

# The slug of a thing readers reach by its address: a channel, a club, an
# exhibition, a bookable space.
slug_validator = RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("标识只能包含小写字母、数字和连字符。"))


def model_full_clean(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    """The model's own validation (fields and constraints, not uniqueness, which the
    database keeps), its first complaint raised as a domain ValidationError naming
    the field."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except DjangoValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ValidationError(messages[0], field=None if field == "__all__" else field) from error


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class Place(models.Model):
    """An address in both languages and the coordinates of a place people go to
    (a library, an event venue)."""

    address_zh = models.CharField(_("中文地址"), max_length=300, blank=True)
    address_en = models.CharField(_("英文地址"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    READ = "read", _("查看")
    CREATE = "create", _("创建")
    CHANGE = "change", _("修改")
    EXPORT = "export", _("导出")
    ERASE = "erase", _("删除")


class AuditEntry(models.Model):
    """Who read or changed whose personal data, what, when and from where.
    Append-only: nothing deletes these rows, and the one update is the erasure of
    a reader, whose name and card become a pseudonym (`audit.audit_pseudonymise`)."""

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人账号"), max_length=150)
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices)
    subject_type = models.CharField(_("对象类型"), max_length=64)
    subject_id = models.CharField(_("对象编号"), max_length=64, db_index=True)
    subject_label = models.CharField(_("对象"), max_length=200, blank=True)
    fields = models.JSONField(_("涉及字段"), default=list, blank=True)
    origin = models.CharField(_("来源地址"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject_label}"
