from django.conf import settings
from django.core.checks import Error, register

# Under ten seconds a phone cannot show a code before it is replaced; over ten
# minutes a screenshot passed around works for too long.
ECARD_SECONDS_RANGE = (10, 600)


@register()
def ecard_seconds(app_configs, **kwargs):
    low, high = ECARD_SECONDS_RANGE
    if not low <= settings.WENLAN_ECARD_SECONDS <= high:
        return [
            Error(
                f"WENLAN_ECARD_SECONDS is {settings.WENLAN_ECARD_SECONDS}.",
                hint=f"Give a number of seconds from {low} to {high} (60 is usual).",
                id="patrons.E001",
            )
        ]
    return []
