from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyHeader, SessionAuth

from wenlan.accounts.actors import ApiKeyActor
from wenlan.accounts.services import apikey_authenticate


class ApiKeyAuth(APIKeyHeader):
    """`X-API-Key: wl_...` — for apps and partners. `request.auth` is the key's
    `ApiKeyActor`: its user, narrowed to its scopes. A key that is sent but wrong,
    revoked or expired is refused (401) there and then: the session cookie that
    may come with it must not stand in for it."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKeyActor | None:
        if not key:
            return None  # no key: the session may authenticate
        actor = apikey_authenticate(key=key)
        if actor is None:
            raise AuthenticationError()
        return actor


session_auth = SessionAuth()
api_key_auth = ApiKeyAuth()
