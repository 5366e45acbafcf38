"""The reader's own record, their privacy choices, their online account and the
record of staff who accessed it (core/personal_data.py). The reader's row itself
is blanked by `patrons.services.reader_erase` after every section is erased."""

from wenlan.core.audit import audit_entries
from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.patrons.models import Reader

PRIVACY_FIELDS = (
    "keep_reading_history",
    "allow_recommendations",
    "allow_analytics",
    "email_notices",
)
READER_SUBJECT = Reader._meta.label_lower


def _reader(reader_id: int) -> Reader:
    return Reader.objects.select_related("home_library", "user").get(pk=reader_id)


def reader_export(reader_id: int) -> dict:
    reader = _reader(reader_id)
    return {
        "card_number": reader.card_number,
        "name": reader.name,
        "phone": reader.phone,
        "email": reader.email,
        "category": reader.category,
        "birth_year": reader.birth_year,
        "home_library": {"code": reader.home_library.code, "name": reader.home_library.name_zh},
        "status": reader.status,
        "registered_on": reader.registered_on.isoformat(),
        "expiry_date": reader.expiry_date.isoformat(),
        "language": reader.language,
    }


def privacy_export(reader_id: int) -> dict:
    reader = Reader.objects.get(pk=reader_id)
    return {name: getattr(reader, name) for name in PRIVACY_FIELDS}


def account_export(reader_id: int) -> dict | None:
    user = _reader(reader_id).user
    if user is None:
        return None
    return {
        "username": user.username,
        "email": user.email,
        "language": user.language,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
    }


def staff_access_export(reader_id: int) -> list[dict]:
    """Who on the staff read, changed, exported or erased this reader's record."""
    entries = audit_entries(subject_type=READER_SUBJECT, subject_id=str(reader_id)).order_by(
        "at", "pk"
    )
    return [
        {
            "at": iso(entry.at),
            "staff": entry.actor_label,
            "action": entry.action,
            "fields": entry.fields,
        }
        for entry in entries
    ]


SECTIONS = (
    PersonalDataSection(name="reader", models=("patrons.Reader",), export=reader_export, order=0),
    PersonalDataSection(name="privacy", models=(), export=privacy_export, order=1),
    PersonalDataSection(name="account", models=("accounts.User",), export=account_export, order=2),
    PersonalDataSection(
        name="staff_access", models=("core.AuditEntry",), export=staff_access_export, order=900
    ),
)
