from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "wenlan.recommendations"
    label = "recommendations"
    verbose_name = _("个性化推荐与读者分众")
