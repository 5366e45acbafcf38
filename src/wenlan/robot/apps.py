from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RobotConfig(AppConfig):
    name = "wenlan.robot"
    label = "robot"
    verbose_name = _("咨询机器人")

    def ready(self) -> None:
        from wenlan.robot import checks  # noqa: F401  (registers the system checks)
