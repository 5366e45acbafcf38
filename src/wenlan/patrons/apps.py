from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatronsConfig(AppConfig):
    name = "wenlan.patrons"
    label = "patrons"
    verbose_name = _("读者")

    def ready(self) -> None:
        from wenlan.patrons import checks  # noqa: F401  (registers the system checks)
