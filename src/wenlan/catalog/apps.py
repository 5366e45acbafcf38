from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "wenlan.catalog"
    label = "catalog"
    verbose_name = _("馆藏目录")

    def ready(self) -> None:
        from wenlan.catalog import checks  # noqa: F401  (registers the system checks)
