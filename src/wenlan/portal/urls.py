from django.urls import path
from django.views.generic import RedirectView

from wenlan.portal import views

app_name = "portal"
urlpatterns = [
    path("me/bookings/", views.my_bookings, name="my_bookings"),
    path(
        "me/events/",
        RedirectView.as_view(pattern_name="portal:my_bookings", permanent=True),
        name="my_registrations",
    ),
]
