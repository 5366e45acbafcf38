from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class O2oConfig(AppConfig):
    name = "wenlan.o2o"
    label = "o2o"
    verbose_name = _("悦读悦借")
