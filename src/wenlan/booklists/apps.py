from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BooklistsConfig(AppConfig):
    name = "wenlan.booklists"
    label = "booklists"
    verbose_name = _("书单")
