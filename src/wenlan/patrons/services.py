import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.accounts.services import (
    IssuedResetCode,
    login_attempt_begin,
    login_attempt_end,
    password_reset_code_issue,
    user_set_language,
)
from wenlan.core import clock
from wenlan.core.audit import audit_pseudonymise, audit_record, audit_record_many
from wenlan.core.errors import (
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from wenlan.core.models import AuditAction
from wenlan.core.personal_data import personal_data_sections
from wenlan.core.tasks import enqueue_on_commit
from wenlan.core.withdrawals import consent_withdrawn
from wenlan.patrons import tasks
from wenlan.patrons.enums import ReaderCategory, ReaderStatus
from wenlan.patrons.errors import (
    CardAlreadyRegisteredError,
    CardOwnershipError,
    ErasureRefusedError,
)
from wenlan.patrons.models import Reader
from wenlan.patrons.personal_data import PRIVACY_FIELDS, READER_SUBJECT
from wenlan.patrons.selectors import card_number_resolve, reader_visible_to

PROFILE_FIELDS = ("name", "phone", "email", "birth_year", "language")
STAFF_FIELDS = (*PROFILE_FIELDS, "category", "home_library_id", "status", "expiry_date")


def _normalise_card(card_number: str) -> str:
    return card_number.strip().upper()


def _full_clean(reader: Reader, *, validate_unique: bool = True) -> None:
    try:
        reader.full_clean(exclude=["user", "home_library"], validate_unique=validate_unique)
    except DjangoValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ValidationError(" ".join(messages), field=field) from error


def _validate_password(password: str, user=None) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as error:
        raise ValidationError(" ".join(error.messages), field="password") from error


def _ensure_self_or_staff(actor, reader: Reader, perm: Perm) -> bool:
    """True when staff act on the reader (so the access is audited)."""
    user = acting_user(actor)
    if user is not None and reader.user_id == user.pk:
        return False
    ensure_can(actor, perm, library_id=reader.home_library_id)
    return True


@transaction.atomic
def reader_signup(
    *,
    card_number: str,
    password: str,
    name: str,
    phone: str,
    home_library_id: int,
    email: str = "",
    category: str = ReaderCategory.ADULT,
    language: str = "zh-hans",
    birth_year: int | None = None,
) -> Reader:
    """A reader opens an online account. A card issued at a desk is claimed by
    giving the phone number on record; a new card number registers a new reader."""
    User = get_user_model()
    card_number = _normalise_card(card_number)
    reader = Reader.objects.select_for_update().filter(card_number=card_number).first()
    if reader is not None:
        if reader.user_id is not None or reader.status == ReaderStatus.ERASED:
            raise CardAlreadyRegisteredError()
        if not reader.phone or reader.phone.replace(" ", "") != phone.replace(" ", ""):
            raise CardOwnershipError(field="phone")
    else:
        today = clock.today()
        reader = Reader(
            card_number=card_number,
            name=name.strip(),
            phone=phone.strip(),
            email=email.strip(),
            category=category,
            birth_year=birth_year,
            home_library_id=home_library_id,
            registered_on=today,
            expiry_date=today + dt.timedelta(days=settings.WENLAN_CARD_VALID_DAYS),
            language=language,
        )
        # A card number taken meanwhile by another sign-up is refused by the unique
        # index at the insert below (CardAlreadyRegisteredError), not as a field error.
        _full_clean(reader, validate_unique=False)
    if User.objects.filter(username__iexact=card_number).exists():
        raise CardAlreadyRegisteredError()
    # Judged against what was typed, not the record: the answer must not depend
    # on whether the card was issued at a desk.
    _validate_password(password, User(username=card_number, email=email, first_name=name))
    user = User(
        username=card_number, email=reader.email or email, first_name=reader.name, language=language
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            reader.user = user
            reader.save()
    except IntegrityError as error:
        raise CardAlreadyRegisteredError() from error
    return reader


def reader_signup_request(
    *,
    card_number: str,
    password: str,
    name: str,
    phone: str,
    home_library_id: int,
    address: str,
    email: str = "",
    category: str = ReaderCategory.ADULT,
    language: str = "zh-hans",
    birth_year: int | None = None,
) -> None:
    """The web's sign-up. It answers the same whether the card was unknown (a new
    reader is registered), issued at a desk (claimed when the phone number on
    record is given) or already online, so that no one learns which cards exist
    or who has an account. When the card is not opened, its holder is told the
    next step by e-mail on record, a channel only they control.

    Giving a desk card's phone number is guessing a secret: every sign-up counts
    against the card's sign-in limit from this address (RateLimitedError), and
    one refused costs the same password hashing as one granted."""
    card_number = _normalise_card(card_number)
    try:
        attempt = login_attempt_begin(username=card_number, address=address)
    except RateLimitedError:
        raise RateLimitedError() from None  # not about a password, here
    try:
        reader_signup(
            card_number=card_number,
            password=password,
            name=name,
            phone=phone,
            home_library_id=home_library_id,
            email=email,
            category=category,
            language=language,
            birth_year=birth_year,
        )
    except (CardAlreadyRegisteredError, CardOwnershipError) as refusal:
        make_password(password)
        reader = Reader.objects.filter(card_number=card_number).exclude(status=ReaderStatus.ERASED)
        reader_id = reader.values_list("pk", flat=True).first()
        if reader_id is not None:
            kind = "claim" if isinstance(refusal, CardOwnershipError) else "online"
            enqueue_on_commit(tasks.reader_signup_refused_notify, reader_id, kind)
        return
    login_attempt_end(attempt=attempt, succeeded=True)


@transaction.atomic
def reader_register_at_desk(
    *,
    actor,
    card_number: str,
    name: str,
    home_library_id: int,
    phone: str = "",
    email: str = "",
    category: str = ReaderCategory.ADULT,
    expiry_date: dt.date | None = None,
    birth_year: int | None = None,
) -> Reader:
    ensure_can(actor, Perm.READER_CHANGE, library_id=home_library_id)
    card_number = _normalise_card(card_number)
    if Reader.objects.filter(card_number=card_number).exists():
        raise ValidationError(_("该读者卡号已被使用。"), field="card_number")
    today = clock.today()
    reader = Reader(
        card_number=card_number,
        name=name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        category=category,
        birth_year=birth_year,
        home_library_id=home_library_id,
        registered_on=today,
        expiry_date=expiry_date or today + dt.timedelta(days=settings.WENLAN_CARD_VALID_DAYS),
    )
    _full_clean(reader)
    reader.save()
    audit_record(
        actor=acting_user(actor), action=AuditAction.CREATE, subject=reader, fields=STAFF_FIELDS
    )
    return reader


def reader_open(*, actor, reader_id: int) -> Reader:
    """A staff member opens one reader's record: checked and audited."""
    reader = reader_visible_to(actor=actor).filter(pk=reader_id).first()
    if reader is None:
        if Reader.objects.filter(pk=reader_id).exists():
            raise PermissionDeniedError()
        raise NotFoundError()
    with transaction.atomic():
        audit_record(actor=acting_user(actor), action=AuditAction.READ, subject=reader)
    return reader


def reader_open_by_card(
    *, actor, card_number: str, perm: Perm, fields: Iterable[str]
) -> Reader | None:
    """A self-service device signed in as staff looks a reader up by card (or
    e-card): only readers registered at a library where the actor holds `perm` (as
    a desk sees them), the read audited with the fields it is shown. None for an
    unknown card and for a reader out of scope alike, so that the answer tells
    nothing; an e-card that is not valid is refused (`card_number_resolve`)."""
    reader = (
        reader_visible_to(actor=actor, perm=perm)
        .exclude(status=ReaderStatus.ERASED)
        .filter(card_number=card_number_resolve(presented=card_number))
        .first()
    )
    if reader is not None:
        with transaction.atomic():
            audit_record(
                actor=acting_user(actor), action=AuditAction.READ, subject=reader, fields=fields
            )
    return reader


def reader_list_seen(*, actor, readers: list[Reader]) -> None:
    """Record that a staff member saw these readers in a list."""
    if readers:
        with transaction.atomic():
            audit_record_many(actor=acting_user(actor), action=AuditAction.READ, subjects=readers)


@transaction.atomic
def reader_update(*, actor, reader_id: int, **changes) -> Reader:
    """The reader edits their profile and privacy choices, or staff edit the record
    (audited). Readers may change only their profile and privacy fields."""
    reader = Reader.objects.select_for_update().filter(pk=reader_id).first()
    if reader is None:
        raise NotFoundError()
    by_staff = _ensure_self_or_staff(actor, reader, Perm.READER_CHANGE)
    allowed = (
        set(STAFF_FIELDS + PRIVACY_FIELDS) if by_staff else set(PROFILE_FIELDS + PRIVACY_FIELDS)
    )
    refused = set(changes) - allowed
    if refused:
        raise PermissionDeniedError(
            _("不能修改这些字段：%(fields)s") % {"fields": ", ".join(sorted(refused))}
        )
    if by_staff and "home_library_id" in changes:
        ensure_can(actor, Perm.READER_CHANGE, library_id=changes["home_library_id"])
    changed = [name for name, value in changes.items() if getattr(reader, name) != value]
    for name in changed:
        setattr(reader, name, changes[name])
    if not changed:
        return reader
    _full_clean(reader)
    reader.save()
    for name in changed:
        if name in PRIVACY_FIELDS and changes[name] is False:
            consent_withdrawn(reader_id=reader.pk, consent=name)
    if reader.user_id and {"name", "email", "language"} & set(changed):
        user = reader.user
        user.first_name, user.email, user.language = reader.name, reader.email, reader.language
        user.save(update_fields=["first_name", "email", "language"])
    if by_staff:
        audit_record(
            actor=acting_user(actor), action=AuditAction.CHANGE, subject=reader, fields=changed
        )
    return reader


def reader_export_data(*, actor, reader_id: int) -> dict:
    """Everything Wenlan holds about a reader, as the reader may download it (PIPL):
    one key per section of every app's `personal_data` module (docs/personal-data.md)."""
    reader = Reader.objects.filter(pk=reader_id).first()
    if reader is None:
        raise NotFoundError()
    by_staff = _ensure_self_or_staff(actor, reader, Perm.READER_VIEW)
    if by_staff:
        with transaction.atomic():
            audit_record(actor=acting_user(actor), action=AuditAction.EXPORT, subject=reader)
    data: dict = {"exported_at": clock.now().isoformat()}
    for section in personal_data_sections():
        data[section.name] = section.export(reader.pk)
    return data


def reader_erase_blockers(*, reader_id: int) -> list[str]:
    """What the reader must return or settle before their account can be erased,
    one sentence each in the active language (empty when nothing stands in the way)."""
    return [
        reason for section in personal_data_sections() for reason in section.blockers(reader_id)
    ]


@transaction.atomic
def reader_erase(*, actor, reader_id: int, at_desk: bool = False) -> Reader:
    """Deletion on request: personal data is removed for good and the online account
    closed. The row stays, anonymous, so that counts and statistics still add up.
    `at_desk`: staff erase at the reader's request, so the actor needs reader.change
    even on their own reader record (a reader erases their own account only on their
    account page, which asks for the password).
    Refused, saying what to do first, while copies are out or fines unpaid; the
    reader's holds, event places and bookings are cancelled; the audit log keeps
    its entries under a pseudonym."""
    reader = Reader.objects.select_for_update().filter(pk=reader_id).first()
    if reader is None:
        raise NotFoundError()
    if at_desk:
        ensure_can(actor, Perm.READER_CHANGE, library_id=reader.home_library_id)
        by_staff = True
    else:
        by_staff = _ensure_self_or_staff(actor, reader, Perm.READER_CHANGE)
    if reader.status == ReaderStatus.ERASED:
        return reader
    reasons = reader_erase_blockers(reader_id=reader.pk)
    if reasons:
        raise ErasureRefusedError(reasons)
    for section in personal_data_sections():
        section.erase(reader.pk)
    user = reader.user
    reader.card_number = f"ERASED{reader.pk:08d}"
    reader.name = ""
    reader.phone = ""
    reader.email = ""
    reader.birth_year = None
    reader.status = ReaderStatus.ERASED
    reader.erased_at = clock.now()
    reader.user = None
    for name in PRIVACY_FIELDS:
        setattr(reader, name, False)
    reader.save()
    audit_pseudonymise(
        subject_type=READER_SUBJECT,
        subject_id=str(reader.pk),
        pseudonym=reader.card_number,
        actor_id=user.pk if user is not None else None,
    )
    if user is not None:
        user.delete()
    if by_staff:
        audit_record(actor=acting_user(actor), action=AuditAction.ERASE, subject=reader)
    return reader


@transaction.atomic
def person_language_set(*, user, language: str) -> None:
    """A person's one language preference, chosen in the header or on the profile:
    their account's (the pages) and, for a reader, the reader record's (notices,
    SIP2 screens), changed together."""
    user_set_language(user=user, language=language)
    Reader.objects.filter(user=user).exclude(language=language).update(language=language)


def reader_password_reset_code_issue(*, actor, reader_id: int) -> IssuedResetCode:
    """A one-time code for a reader who has no e-mail address, handed over at a desk
    (the staff member checks the card and ID). Needs reader.change at the reader's
    home library; audited by the accounts service."""
    reader = Reader.objects.filter(pk=reader_id).first()
    if reader is None:
        raise NotFoundError()
    ensure_can(actor, Perm.READER_CHANGE, library_id=reader.home_library_id)
    if reader.user_id is None:
        raise ValidationError(_("此读者还没有网上账号，请先为其开通。"))
    return password_reset_code_issue(
        actor=actor, user_id=reader.user_id, library_id=reader.home_library_id
    )
