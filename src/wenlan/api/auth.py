from django.http import HttpRequest
from ninja.security import APIKeyHeader, SessionAuth

from wenlan.accounts.services import apikey_authenticate


class ApiKeyAuth(APIKeyHeader):
    """`X-API-Key: wl_...` — for apps and partners. The request acts as the key's
    user, narrowed to the key's scopes."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None):
        return apikey_authenticate(key=key or "")


session_auth = SessionAuth()
api_key_auth = ApiKeyAuth()
