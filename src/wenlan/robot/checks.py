from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def robot_settings(app_configs, **kwargs):
    """The phrasing model's settings: an http(s) address with a model named, and a
    timeout that lets an answer come back without holding a web thread for long."""
    problems = []
    url = settings.ROBOT_LLM_URL
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(
                Error(
                    f"WENLAN_ROBOT_LLM_URL is {url!r}.",
                    hint="An http:// or https:// base address (…/v1), or empty to turn it off.",
                    id="robot.E001",
                )
            )
        if not settings.ROBOT_LLM_MODEL:
            problems.append(
                Error(
                    "WENLAN_ROBOT_LLM_URL is set but WENLAN_ROBOT_LLM_MODEL is empty.",
                    hint="Name the model the endpoint should use.",
                    id="robot.E002",
                )
            )
    if not 0 < settings.ROBOT_LLM_TIMEOUT <= 30:
        problems.append(
            Error(
                f"WENLAN_ROBOT_LLM_TIMEOUT is {settings.ROBOT_LLM_TIMEOUT}.",
                hint="Seconds between 0 and 30; leave it unset for 3.",
                id="robot.E003",
            )
        )
    elif url and settings.ROBOT_LLM_TIMEOUT > 10:
        problems.append(
            Warning(
                "WENLAN_ROBOT_LLM_TIMEOUT is over 10 seconds: each question holds a web "
                "thread that long when the model is slow.",
                id="robot.W001",
            )
        )
    return problems
