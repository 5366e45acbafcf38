from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wenlan.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from django.urls import register_converter

        from wenlan.core import checks  # noqa: F401  (registers the system checks)
        from wenlan.core.ids import RowIdConverter

        register_converter(RowIdConverter, "id")
