import datetime as dt
import hashlib
import hmac
import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from wenlan.accounts.actors import ApiKeyActor, acting_user
from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Language, Perm, Role
from wenlan.accounts.models import ApiKey, LoginFailure, PasswordResetCode, StaffRole, User
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.core.audit import audit_record
from wenlan.core.errors import NotFoundError, RateLimitedError, ValidationError
from wenlan.core.models import AuditAction

API_KEY_PREFIX = "wl"


# --- sign-in rate limit -------------------------------------------------------


@dataclass(frozen=True)
class LoginAttempt:
    """One password check under way: its row is already counted as a failure and
    is kept as one unless `login_attempt_end` says the password was right."""

    id: int
    username: str
    address: str


def _login_username(username: str) -> str:
    return username.strip().lower()


def _minutes_left(oldest: dt.datetime, window: dt.timedelta) -> int:
    return max(1, math.ceil((oldest + window - clock.now()).total_seconds() / 60))


def _refuse_for_minutes(minutes: int) -> RateLimitedError:
    return RateLimitedError(
        ngettext(
            "密码错误次数过多，请 %(minutes)d 分钟后再试。",
            "密码错误次数过多，请 %(minutes)d 分钟后再试。",
            minutes,
        )
        % {"minutes": minutes}
    )


def _refuse_for_seconds(seconds: int) -> RateLimitedError:
    return RateLimitedError(
        ngettext(
            "尝试过于频繁，请 %(seconds)d 秒后再试。",
            "尝试过于频繁，请 %(seconds)d 秒后再试。",
            seconds,
        )
        % {"seconds": seconds}
    )


def _slowed_for(others, *, limit: int) -> int:
    """Seconds to wait when `others` reach `limit`: each further attempt waits the
    slow-down after the latest one. 0 when the attempt may go ahead."""
    if limit <= 0:
        return 0
    # One read: parallel attempts delete their refused rows meanwhile.
    recent = list(others.order_by("-at").values_list("at", flat=True)[:limit])
    if len(recent) < limit:
        return 0
    latest = recent[0]
    delay = dt.timedelta(seconds=settings.WENLAN_LOGIN_SLOWDOWN_SECONDS)
    left = (latest + delay - clock.now()).total_seconds()
    return math.ceil(left) if left > 0 else 0


def login_attempt_begin(*, username: str, address: str, per_address: bool = True) -> LoginAttempt:
    """Count an attempt to sign in before its password is checked, or refuse it.

    A stranger must not be able to lock a reader out, so only the pair (account,
    address) is ever blocked: WENLAN_LOGIN_FAILURES_PER_ACCOUNT failures from one
    address stop that address for that account until the window ends. Beyond the
    same number of failures from anywhere, an account is only slowed (one attempt
    per WENLAN_LOGIN_SLOWDOWN_SECONDS), and so is an address beyond
    WENLAN_LOGIN_FAILURES_PER_ADDRESS failures on any accounts (a library's Wi-Fi
    is one address for many readers). `per_address=False` leaves the address
    rule out, for an authenticated kiosk checking its patrons' passwords.

    The row is written (and committed, outside a transaction) before the others
    are counted, so of two parallel attempts the later count sees the earlier:
    forty guesses sent at once get no more tries than forty sent one by one."""
    username = _login_username(username)
    window = dt.timedelta(minutes=settings.WENLAN_LOGIN_WINDOW_MINUTES)
    attempt = LoginFailure.objects.create(username=username, address=address, at=clock.now())
    others = LoginFailure.objects.filter(at__gte=clock.now() - window).exclude(pk=attempt.pk)
    by_pair = others.filter(username=username, address=address)
    limit = settings.WENLAN_LOGIN_FAILURES_PER_ACCOUNT
    refusal = None
    pair_recent = list(by_pair.order_by("-at").values_list("at", flat=True)[:limit])
    if limit > 0 and len(pair_recent) >= limit:
        refusal = _refuse_for_minutes(_minutes_left(pair_recent[-1], window))
    else:
        wait = _slowed_for(others.filter(username=username), limit=limit)
        if per_address:
            wait = max(
                wait,
                _slowed_for(
                    others.filter(address=address),
                    limit=settings.WENLAN_LOGIN_FAILURES_PER_ADDRESS,
                ),
            )
        if wait:
            refusal = _refuse_for_seconds(wait)
    if refusal is not None:
        LoginFailure.objects.filter(pk=attempt.pk).delete()
        raise refusal
    return LoginAttempt(id=attempt.pk, username=username, address=address)


def login_attempt_end(*, attempt: LoginAttempt, succeeded: bool) -> None:
    """A right password clears this address's failures on the account; the
    account's failures from elsewhere stay, so a stranger's guesses keep it slowed."""
    if succeeded:
        LoginFailure.objects.filter(username=attempt.username, address=attempt.address).delete()


def login_failures_prune() -> int:
    cutoff = clock.now() - dt.timedelta(minutes=settings.WENLAN_LOGIN_WINDOW_MINUTES)
    deleted, _ = LoginFailure.objects.filter(at__lt=cutoff).delete()
    return deleted


# --- users and staff ----------------------------------------------------------


def user_set_language(*, user: User, language: str) -> None:
    if language not in Language.values:
        raise ValidationError(_("不支持的语言。"), field="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as error:
        raise ValidationError(" ".join(error.messages), field="password") from error


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    roles: Iterable[tuple[Role, int | None, int | None]] = (),
    actor: User | None = None,
    check_password: bool = True,
) -> User:
    """Create a staff account with its roles. `actor` None means the command line
    (an operator on the server), which needs no permission."""
    if actor is not None:
        ensure_can(actor, Perm.STAFF_MANAGE)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("用户名已存在。"), field="username")
    if check_password:
        _check_password(password)
    roles = list(roles)
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        is_staff=True,
        is_superuser=any(grant[0] == Role.NETWORK_ADMIN for grant in roles),
    )
    for role, library_id, partner_id in roles:
        staff_role_grant(user=user, role=role, library_id=library_id, partner_id=partner_id)
    return user


@transaction.atomic
def staff_role_grant(
    *,
    user: User,
    role: Role,
    library_id: int | None = None,
    partner_id: int | None = None,
    actor: User | None = None,
) -> StaffRole:
    if actor is not None:
        ensure_can(actor, Perm.STAFF_MANAGE)
    if role in LIBRARY_SCOPED_ROLES and library_id is None:
        raise ValidationError(_("该角色必须指定所属馆。"), field="library")
    if role in PARTNER_SCOPED_ROLES and partner_id is None:
        raise ValidationError(_("该角色必须指定合作机构。"), field="partner")
    staff_role, _created = StaffRole.objects.get_or_create(
        user=user, role=role, library_id=library_id, partner_id=partner_id
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return staff_role


# --- API keys -----------------------------------------------------------------


def _hash_key(key: str) -> str:
    # Keys are 256-bit random strings, so a plain SHA-256 is enough: no one can
    # guess a preimage, and lookups stay a single indexed query.
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def apikey_create(
    *,
    user: User,
    name: str,
    scopes: Iterable[str],
    expires_at: dt.datetime | None = None,
    actor: User | None = None,
    key: str | None = None,
) -> tuple[ApiKey, str]:
    """Returns the key record and the key itself, which is never shown again.
    `key` lets the demo recreate the same key on every run."""
    if actor is not None:
        ensure_can(actor, Perm.APIKEY_MANAGE)
    scopes = sorted(set(scopes))
    unknown = set(scopes) - set(Perm.values)
    if unknown:
        raise ValidationError(
            _("未知的权限范围：%(scopes)s") % {"scopes": ", ".join(sorted(unknown))}, field="scopes"
        )
    if key is None:
        prefix = secrets.token_hex(4)
        key = f"{API_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    else:
        prefix = key.split("_")[1]
    api_key = ApiKey.objects.create(
        name=name,
        prefix=prefix,
        key_hash=_hash_key(key),
        user=user,
        scopes=scopes,
        created_at=clock.now(),
        expires_at=expires_at,
    )
    return api_key, key


@transaction.atomic
def apikey_revoke(*, api_key_id: int, actor: User | None = None) -> ApiKey:
    if actor is not None:
        ensure_can(actor, Perm.APIKEY_MANAGE)
    api_key = ApiKey.objects.select_for_update().filter(pk=api_key_id).first()
    if api_key is None:
        raise NotFoundError()
    if api_key.revoked_at is None:
        api_key.revoked_at = clock.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


def apikey_authenticate(*, key: str) -> ApiKeyActor | None:
    """The actor of a valid key: its user narrowed to its scopes; None otherwise."""
    if not key or not key.startswith(f"{API_KEY_PREFIX}_"):
        return None
    api_key = ApiKey.objects.select_related("user").filter(key_hash=_hash_key(key)).first()
    now = clock.now()
    if (
        api_key is None
        or api_key.revoked_at is not None
        or (api_key.expires_at is not None and api_key.expires_at <= now)
        or not api_key.user.is_active
    ):
        return None
    if api_key.last_used_at is None or now - api_key.last_used_at > dt.timedelta(minutes=5):
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    # A stored scope that is no longer a permission grants nothing.
    scopes = frozenset(Perm(scope) for scope in api_key.scopes if scope in Perm.values)
    return ApiKeyActor(user=api_key.user, scopes=scopes)


# --- one-time password reset codes (for people without an e-mail address) ---------

RESET_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
RESET_CODE_LENGTH = 10
RESET_CODE_MAX_TRIES = 5


class ResetCodeInvalidError(ValidationError):
    code = "reset_code_invalid"
    default_message = _lazy("重置码不正确或已失效，请到服务台重新获取。")


@dataclass(frozen=True)
class IssuedResetCode:
    code: str  # shown once, never stored
    expires_at: dt.datetime


def _reset_code_hash(code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return salted_hmac("wenlan.password-reset-code", normalised).hexdigest()


@transaction.atomic
def password_reset_code_issue(*, actor, user_id: int, library_id: int | None) -> IssuedResetCode:
    """A new one-time code for `user_id`, replacing any open one; the caller names
    the library whose reader (or staff member) it is, for the permission check."""
    ensure_can(actor, Perm.READER_CHANGE, library_id=library_id)
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFoundError()
    now = clock.now()
    PasswordResetCode.objects.filter(user=user, closed_at__isnull=True).update(
        closed_at=now, outcome=PasswordResetCode.Outcome.REPLACED
    )
    raw = "".join(secrets.choice(RESET_CODE_ALPHABET) for _i in range(RESET_CODE_LENGTH))
    code = f"{raw[:5]}-{raw[5:]}"
    expires_at = now + dt.timedelta(minutes=settings.WENLAN_PASSWORD_RESET_CODE_MINUTES)
    PasswordResetCode.objects.create(
        user=user,
        code_hash=_reset_code_hash(code),
        issued_by=acting_user(actor),
        created_at=now,
        expires_at=expires_at,
    )
    audit_record(
        actor=acting_user(actor),
        action=AuditAction.CREATE,
        subject=user,
        fields=["password_reset_code"],
    )
    return IssuedResetCode(code=code, expires_at=expires_at)


def password_reset_code_redeem(*, username: str, code: str, new_password: str) -> User:
    """Sets the new password when `code` is the user's open, unexpired code; a
    wrong code counts against it (RESET_CODE_MAX_TRIES, then it is void)."""
    if _reset_code_check(username=username, code=code) is None:
        raise ResetCodeInvalidError()
    with transaction.atomic():
        user = _reset_code_use(username=username, code=code)
        if user is None:  # used or voided between the check and now
            raise ResetCodeInvalidError()
        try:
            validate_password(new_password, user)
        except DjangoValidationError as error:
            raise ValidationError(" ".join(error.messages), field="new_password1") from error
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action=AuditAction.CHANGE, subject=user, fields=["password"])
    return user


def _open_code(username: str) -> PasswordResetCode | None:
    return (
        PasswordResetCode.objects.select_for_update()
        .select_related("user")
        .filter(
            user__username__iexact=username.strip(),
            user__is_active=True,
            closed_at__isnull=True,
            expires_at__gt=clock.now(),
        )
        .first()
    )


@transaction.atomic
def _reset_code_check(*, username: str, code: str) -> PasswordResetCode | None:
    """The open code when `code` matches it; a wrong try is counted (and kept:
    this transaction commits even though the caller then refuses)."""
    row = _open_code(username)
    if row is None:
        return None
    if hmac.compare_digest(row.code_hash, _reset_code_hash(code)):
        return row
    row.failed_attempts += 1
    fields = ["failed_attempts"]
    if row.failed_attempts >= RESET_CODE_MAX_TRIES:
        row.closed_at = clock.now()
        row.outcome = PasswordResetCode.Outcome.TOO_MANY_TRIES
        fields += ["closed_at", "outcome"]
    row.save(update_fields=fields)
    return None


def _reset_code_use(*, username: str, code: str) -> User | None:
    row = _open_code(username)
    if row is None or not hmac.compare_digest(row.code_hash, _reset_code_hash(code)):
        return None
    row.closed_at = clock.now()
    row.outcome = PasswordResetCode.Outcome.USED
    row.save(update_fields=["closed_at", "outcome"])
    return row.user
