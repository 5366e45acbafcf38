from django.conf import settings
from django.core.checks import Error, register

from wenlan.interop.sip2.replies import PATRON_FIELDS


@register()
def sip2_patron_fields(app_configs, **kwargs):
    unknown = sorted(set(settings.WENLAN_SIP2_PATRON_FIELDS) - set(PATRON_FIELDS))
    if unknown:
        return [
            Error(
                f"WENLAN_SIP2_PATRON_FIELDS names {', '.join(unknown)}: no such field is sent.",
                hint=f"Use any of {', '.join(PATRON_FIELDS)} (comma-separated), or leave it empty.",
                id="sip2.E001",
            )
        ]
    return []
