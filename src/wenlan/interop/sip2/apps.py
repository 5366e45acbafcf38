from django.apps import AppConfig


class Sip2Config(AppConfig):
    """The SIP2 server for self-check kiosks: an app only so that `wenlan sip2` is a command."""

    name = "wenlan.interop.sip2"
    label = "sip2"
    verbose_name = "SIP2"

    def ready(self) -> None:
        from wenlan.interop.sip2 import checks  # noqa: F401  (registers the system checks)
