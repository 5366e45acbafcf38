from django.urls import path

from wenlan.recommendations.views import me, staff

app_name = "recommendations"
urlpatterns = [
    path("me/recommendations/", me.my_recommendations, name="my_recommendations"),
    path("me/recommendations/on/", me.recs_turn_on, name="recs_turn_on"),
    path("me/recommendations/off/", me.recs_turn_off, name="recs_turn_off"),
    path("staff/segments/", staff.segments, name="staff_segments"),
    path(
        "staff/segments/<id:segment_id>/label/",
        staff.segment_label_save,
        name="segment_label",
    ),
    path(
        "staff/segments/<id:segment_id>/announce/",
        staff.segment_announce,
        name="segment_announce",
    ),
]
