from django.conf import settings
from django.core.checks import Error, register


@register()
def volunteer_id_key(app_configs, **kwargs):
    """A key that is no Fernet key would refuse every application with an ID number."""
    key = settings.WENLAN_VOLUNTEER_ID_KEY
    if not key:
        return []
    from cryptography.fernet import Fernet

    try:
        Fernet(key)
    except ValueError:
        return [
            Error(
                "WENLAN_VOLUNTEER_ID_KEY is not a Fernet key (32 bytes, URL-safe base64).",
                hint='Make one with python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())", or leave it unset to derive one '
                "from SECRET_KEY.",
                id="volunteers.E001",
            )
        ]
    return []
