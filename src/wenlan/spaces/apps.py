from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "wenlan.spaces"
    label = "spaces"
    verbose_name = _("创客空间与场地预约")
