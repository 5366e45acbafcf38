from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "wenlan.events"
    label = "events"
    verbose_name = _("文化活动")
