"""Text messages: one interface, one implementation that posts to an HTTP gateway
the operator names (`WENLAN_SMS_URL`; off when empty). The gateway receives
`{"to": phone, "text": text}` as JSON, with `Authorization: Bearer <WENLAN_SMS_TOKEN>`
when a token is set, and answers 2xx when it has taken the message."""

import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings


class SmsError(Exception):
    """The gateway did not take the message (unreachable, or not 2xx)."""


class SmsGateway(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


class HttpSmsGateway:
    def __init__(self, *, url: str, token: str = "", timeout: float = 10.0) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, *, to: str, text: str) -> None:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"to": to, "text": text}, ensure_ascii=False).encode(),
            headers=headers,
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            raise SmsError(f"SMS gateway answered {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"SMS gateway unreachable: {error}") from error
        if not 200 <= status < 300:
            raise SmsError(f"SMS gateway answered {status}")


def sms_gateway() -> SmsGateway | None:
    """The configured gateway, or None when text messages are off."""
    if not settings.WENLAN_SMS_URL:
        return None
    return HttpSmsGateway(
        url=settings.WENLAN_SMS_URL,
        token=settings.WENLAN_SMS_TOKEN,
        timeout=settings.WENLAN_SMS_TIMEOUT_SECONDS,
    )
