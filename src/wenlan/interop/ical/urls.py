from django.urls import path

from wenlan.interop.ical import views

app_name = "ical"
urlpatterns = [
    path("events.ics", views.city_feed, name="city"),
    path("events/<id:event_id>.ics", views.event_ics, name="event"),
    path("events/channels/<slug:slug>/events.ics", views.channel_feed, name="channel"),
    path("events/organisers/<str:code>/events.ics", views.organiser_feed, name="organiser"),
    path("libraries/<str:code>/events.ics", views.library_feed, name="library"),
]
