from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wenlan.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from wenlan.core import (
            checks,  # noqa: F401  (registers the system checks)
            ids,  # noqa: F401  (registers the <id:...> URL converter)
        )
