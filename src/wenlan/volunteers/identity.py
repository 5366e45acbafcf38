"""The volunteer's ID number at rest: a Fernet token (AES-128-CBC with an HMAC)
under WENLAN_VOLUNTEER_ID_KEY, or a key derived from SECRET_KEY when that is unset."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = settings.WENLAN_VOLUNTEER_ID_KEY
    if not key:
        digest = hashlib.sha256(f"wenlan-volunteer-id:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key)


def id_number_encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def id_number_decrypt(token: str) -> str | None:
    """The number, or None when the token was made under another key."""
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None
