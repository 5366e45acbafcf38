from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThinktankConfig(AppConfig):
    name = "wenlan.thinktank"
    label = "thinktank"
    verbose_name = _("决策信息")
