from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "wenlan.rankings"
    label = "rankings"
    verbose_name = _("中国阅读榜单")
