from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "wenlan.portal"
    label = "portal"
    verbose_name = "Portal"
