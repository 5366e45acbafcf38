from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Language, Role


class User(AbstractUser):
    """Staff sign in with a username; readers' usernames are their card numbers."""

    language = models.CharField(
        _("界面语言"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")


class StaffRole(models.Model):
    """A role held by a staff member, scoped to a library (and the libraries beneath
    it) or to a partner where the role asks for it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    library = models.ForeignKey(
        "network.Library",
        verbose_name=_("所属馆"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("合作机构"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("工作人员角色")
        verbose_name_plural = _("工作人员角色")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "library", "partner"],
                name="staffrole_unique",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(LIBRARY_SCOPED_ROLES)) | Q(library__isnull=False),
                name="staffrole_library_scope_required",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(PARTNER_SCOPED_ROLES)) | Q(partner__isnull=False),
                name="staffrole_partner_scope_required",
            ),
        ]

    def __str__(self) -> str:
        scope = self.library or self.partner
        return f"{self.get_role_display()}" + (f" · {scope}" if scope else "")


class ApiKey(models.Model):
    """A key for an app or a partner. Only a hash is stored; the key is shown once."""

    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        User, verbose_name=_("代表用户"), on_delete=models.CASCADE, related_name="api_keys"
    )
    scopes = models.JSONField(_("权限范围"), default=list)
    created_at = models.DateTimeField(_("创建时间"))
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 密钥")
        verbose_name_plural = _("API 密钥")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """A wrong password, kept for the rate limit window."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M}"


class PasswordResetCode(models.Model):
    """A one-time code a desk hands to a person who has no e-mail address, to set a
    new password with. Only its HMAC is kept; it ends when used, when a newer code is
    issued, after too many wrong tries, or when it expires."""

    class Outcome(models.TextChoices):
        USED = "used", _("已使用")
        REPLACED = "replaced", _("已被新重置码取代")
        TOO_MANY_TRIES = "attempts", _("错误次数过多")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("签发人")
    )
    created_at = models.DateTimeField(_("签发时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("密码重置码")
        verbose_name_plural = _("密码重置码")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(closed_at__isnull=True),
                name="password_reset_code_one_open_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
