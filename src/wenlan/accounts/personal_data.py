"""The API keys and staff roles of a reader's online account (core/personal_data.py).
Both go with the account, which `patrons.services.reader_erase` deletes."""

from wenlan.accounts.models import ApiKey, StaffRole
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


SECTIONS = (
    PersonalDataSection(
        name="api_keys", models=("accounts.ApiKey",), export=api_keys_export, order=3
    ),
    PersonalDataSection(
        name="staff_roles", models=("accounts.StaffRole",), export=staff_roles_export, order=4
    ),
)
