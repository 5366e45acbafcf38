from django.urls import path

from wenlan.rankings import views
from wenlan.rankings.panel.views import expert, public, staff

app_name = "rankings"
urlpatterns = [
    path("staff/rankings/", views.home, name="home"),
    path("staff/rankings/preview/", views.ranking_preview, name="preview"),
    path("staff/rankings/save/", views.ranking_save, name="save"),
    path("staff/rankings/feeds/", views.feeds, name="feeds"),
    path("staff/rankings/runs/<id:run_id>/", views.run_detail, name="run"),
    # The expert panel: lists (managers, chairs) and rounds (experts).
    path("staff/rankings/lists/", staff.list_index, name="panel_lists"),
    path("staff/rankings/lists/new/", staff.list_new, name="panel_list_new"),
    path("staff/rankings/lists/<id:list_id>/", staff.list_detail, name="panel_list"),
    path("staff/rankings/lists/<id:list_id>/invite/", staff.invite, name="panel_invite"),
    path("staff/rankings/lists/<id:list_id>/open/", staff.round_open, name="panel_round_open"),
    path("staff/rankings/lists/<id:list_id>/close/", staff.round_close, name="panel_round_close"),
    path("staff/rankings/lists/<id:list_id>/finalise/", staff.finalise, name="panel_finalise"),
    path("staff/rankings/lists/<id:list_id>/publish/", staff.publish, name="panel_publish"),
    path("staff/rankings/panel/", expert.round_index, name="panel_rounds"),
    path("staff/rankings/panel/<id:round_id>/", expert.round_detail, name="panel_round"),
    path("staff/rankings/panel/<id:round_id>/nominate/", expert.nominate, name="panel_nominate"),
    path(
        "staff/rankings/panel/<id:round_id>/<id:candidate_id>/score/",
        expert.score,
        name="panel_score",
    ),
    path(
        "staff/rankings/panel/<id:round_id>/<id:candidate_id>/conflict/",
        expert.conflict,
        name="panel_conflict",
    ),
    path("staff/rankings/<str:period>/<id:work_id>/", views.candidate, name="candidate"),
    # The published lists (public).
    path("reading-lists/china/", public.archive, name="lists_public"),
    path("reading-lists/china/<slug:slug>/", public.detail, name="list_public"),
    path("reading-lists/china/<slug:slug>/embed/", public.embed, name="list_embed"),
    path("reading-lists/china/<slug:slug>/export.<str:fmt>", public.export, name="list_export"),
]
