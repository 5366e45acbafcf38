from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "wenlan.analytics"
    label = "analytics"
    verbose_name = _("统计分析")

    def ready(self) -> None:
        from wenlan.analytics import checks  # noqa: F401  (registers the system checks)
