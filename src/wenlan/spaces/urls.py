from django.urls import path, re_path
from django.views.generic import RedirectView

from wenlan.spaces import views

app_name = "spaces"
urlpatterns = [
    path("spaces/", views.resource_list, name="resource_list"),
    path("spaces/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("spaces/<slug:slug>/book/", views.resource_book, name="resource_book"),
    path(
        "spaces/bookings/<id:booking_id>/cancel/",
        views.booking_cancel_view,
        name="booking_cancel",
    ),
    path("staff/spaces/", views.staff_bookings, name="staff_bookings"),
    # The spaces were at /makerspace/ before they had an app of their own; posters and
    # leaflets print those addresses, so each still leads to its page here.
    re_path(
        r"^makerspace/(?P<rest>.*)$",
        RedirectView.as_view(url="/spaces/%(rest)s", permanent=True, query_string=True),
        name="makerspace_moved",
    ),
]
