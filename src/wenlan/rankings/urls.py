from django.urls import path

from wenlan.rankings import views

app_name = "rankings"
urlpatterns = [
    path("staff/rankings/", views.home, name="home"),
    path("staff/rankings/preview/", views.ranking_preview, name="preview"),
    path("staff/rankings/save/", views.ranking_save, name="save"),
    path("staff/rankings/feeds/", views.feeds, name="feeds"),
    path("staff/rankings/runs/<id:run_id>/", views.run_detail, name="run"),
    path("staff/rankings/<str:period>/<id:work_id>/", views.candidate, name="candidate"),
]
