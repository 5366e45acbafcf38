from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "wenlan.reference"
    label = "reference"
    verbose_name = _("参考咨询")

    def ready(self):
        from wenlan.reference import checks  # noqa: F401  (registers the system checks)
