from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "wenlan.network"
    label = "network"
    verbose_name = _("图书馆网络")
