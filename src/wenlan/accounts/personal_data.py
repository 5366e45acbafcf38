"""The API keys, staff roles and password reset codes of a reader's online account
(core/personal_data.py). All go with the account, which
`patrons.services.reader_erase` deletes."""

from wenlan.accounts.models import ApiKey, PasswordResetCode, StaffRole
from wenlan.core.personal_data import PersonalDataSection, iso


def api_keys_export(reader_id: int) -> list[dict]:
    keys = ApiKey.objects.filter(user__reader__pk=reader_id).order_by("created_at", "pk")
    return [
        {
            "name": key.name,
            "prefix": key.prefix,
            "scopes": key.scopes,
            "created_at": iso(key.created_at),
            "expires_at": iso(key.expires_at),
            "revoked_at": iso(key.revoked_at),
            "last_used_at": iso(key.last_used_at),
        }
        for key in keys
    ]


def staff_roles_export(reader_id: int) -> list[dict]:
    roles = StaffRole.objects.filter(user__reader__pk=reader_id).order_by("pk")
    return [
        {"role": role.role, "library_id": role.library_id, "partner_id": role.partner_id}
        for role in roles
    ]


def password_reset_codes_export(reader_id: int) -> list[dict]:
    """When codes were issued and how they ended; never the code or its hash."""
    codes = PasswordResetCode.objects.filter(user__reader__pk=reader_id).order_by("created_at")
    return [
        {
            "issued_at": iso(code.created_at),
            "expires_at": iso(code.expires_at),
            "closed_at": iso(code.closed_at),
            "outcome": code.outcome or None,
        }
        for code in codes
    ]


SECTIONS = (
    PersonalDataSection(
        name="api_keys", models=("accounts.ApiKey",), export=api_keys_export, order=3
    ),
    PersonalDataSection(
        name="staff_roles", models=("accounts.StaffRole",), export=staff_roles_export, order=4
    ),
    PersonalDataSection(
        name="password_reset_codes",
        models=("accounts.PasswordResetCode",),
        export=password_reset_codes_export,
        order=5,
    ),
)
