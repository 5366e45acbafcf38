from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "wenlan.learning"
    label = "learning"
    verbose_name = _("慕课与社区大学")
