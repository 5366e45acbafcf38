from django.core.checks import Error, register

from wenlan.core.middleware import trusted_proxies_problem


@register()
def trusted_proxies(app_configs, **kwargs):
    problem = trusted_proxies_problem()
    if problem:
        return [
            Error(
                f"WENLAN_TRUSTED_PROXIES: {problem}",
                hint="Give addresses or networks, comma-separated, e.g. 10.0.0.0/8,192.0.2.7.",
                id="core.E001",
            )
        ]
    return []
