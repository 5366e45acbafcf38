"""/api/docs: Swagger UI from the project's own static files (vendored from npm's
swagger-ui-dist), so the page works with no outside network. django-ninja's own
Swagger renders a CDN page unless `ninja` is an installed app."""

import json

from django.shortcuts import render
from ninja.constants import NOT_SET
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "swagger_settings": json.dumps(settings).replace("<", "\\u003c"),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


def _csrf_needed(api) -> bool:
    if not api.auth or api.auth == NOT_SET:
        return False
    return any(getattr(auth, "csrf", False) for auth in api.auth)
