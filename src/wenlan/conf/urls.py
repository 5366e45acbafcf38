from django.contrib import admin
from django.urls import include, path

from wenlan.accounts.forms import AdminLoginForm
from wenlan.api.api import api
from wenlan.core.views import media_serve
from wenlan.interop.oaipmh.views import oai as oai_view
from wenlan.portal.views import home

admin.site.login_form = AdminLoginForm
admin.site.site_header = "文澜 Wenlan"
admin.site.site_title = "Wenlan"

urlpatterns = [
    path("", home, name="home"),
    path("", include("wenlan.network.urls")),
    path("", include("wenlan.accounts.urls")),
    path("", include("wenlan.patrons.urls")),
    path("", include("wenlan.circulation.urls")),
    path("", include("wenlan.o2o.urls")),
    path("", include("wenlan.reference.urls")),
    path("", include("wenlan.thinktank.urls")),
    path("", include("wenlan.robot.urls")),
    path("", include("wenlan.notices.urls")),
    path("", include("wenlan.catalog.urls")),
    path("oai", oai_view, name="oai"),
    path("", include("wenlan.events.urls")),
    path("", include("wenlan.exhibitions.urls")),
    path("", include("wenlan.spaces.urls")),
    path("", include("wenlan.knowledge.urls")),
    path("", include("wenlan.learning.urls")),
    path("", include("wenlan.volunteers.urls")),
    path("", include("wenlan.portal.urls")),
    path("", include("wenlan.rankings.urls")),
    path("", include("wenlan.insights.urls")),
    path("", include("wenlan.recommendations.urls")),
    path("", include("wenlan.booklists.urls")),
    path("", include("wenlan.interop.ical.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("media/<path:path>", media_serve, name="media"),
]
