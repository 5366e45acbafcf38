from django.apps import AppConfig


class IcalConfig(AppConfig):
    """iCalendar in and out: an app only so that `wenlan import-ical` is a command."""

    name = "wenlan.interop.ical"
    label = "ical"
    verbose_name = "iCalendar"
