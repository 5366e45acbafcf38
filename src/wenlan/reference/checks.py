from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

# Working days a question or a referral may be given: at least one, at most about
# a quarter (the calendar reads holidays 120 days ahead).
WORKING_DAYS_RANGE = (1, 60)


@register()
def reference_settings(app_configs, **kwargs):
    errors = []
    low, high = WORKING_DAYS_RANGE
    for name in ("WENLAN_REFERENCE_DUE_WORKING_DAYS", "WENLAN_REFERENCE_REFERRAL_DUE_WORKING_DAYS"):
        value = getattr(settings, name)
        if not low <= value <= high:
            errors.append(
                Error(
                    f"{name} is {value}.",
                    hint=f"Give a number of working days from {low} to {high}.",
                    id="reference.E001",
                )
            )
    longest = settings.WENLAN_REFERENCE_QUESTION_MAX_CHARS
    if longest < 100:
        errors.append(
            Error(
                f"WENLAN_REFERENCE_QUESTION_MAX_CHARS is {longest}.",
                hint="Readers need room for a question: give at least 100 (4000 is usual).",
                id="reference.E002",
            )
        )
    site = urlsplit(settings.WENLAN_SITE_URL)
    if site.scheme not in ("http", "https") or not site.netloc:
        errors.append(
            Error(
                f"WENLAN_SITE_URL is {settings.WENLAN_SITE_URL!r}.",
                hint="The site's public address, e.g. https://library.example.org "
                "(the links e-mailed to visitors start with it).",
                id="reference.E003",
            )
        )
    return errors
