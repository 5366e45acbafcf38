from django.urls import path

from wenlan.events.views import community
from wenlan.events.views import events as views

app_name = "events"
urlpatterns = [
    path("events/", views.calendar_list, name="calendar"),
    path("events/month/", views.calendar_month, name="calendar_month"),
    path("events/<id:event_id>/", views.event_detail, name="event_detail"),
    path(
        "events/occurrences/<id:occurrence_id>/register/",
        views.occurrence_register,
        name="register",
    ),
    path(
        "events/registrations/<id:registration_id>/cancel/",
        views.registration_cancel_view,
        name="registration_cancel",
    ),
    path("events/tickets/<str:ticket_code>/", views.ticket, name="ticket"),
    path("events/tickets/<str:ticket_code>/qr.svg", views.ticket_qr, name="ticket_qr"),
    path("events/channels/", views.channel_list_page, name="channel_list"),
    path("events/channels/<slug:slug>/", views.channel_detail, name="channel_detail"),
    path("staff/events/checkin/", views.staff_checkin, name="staff_checkin"),
    path("staff/events/attendance/", views.staff_attendance, name="staff_attendance"),
    path("events/propose/", community.propose, name="propose"),
    path("me/proposals/", community.my_proposals, name="my_proposals"),
    path(
        "me/proposals/<id:proposal_id>/withdraw/",
        community.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("staff/events/proposals/", community.staff_proposals, name="staff_proposals"),
    path(
        "staff/events/proposals/<id:proposal_id>/approve/",
        community.staff_proposal_approve,
        name="staff_proposal_approve",
    ),
    path(
        "staff/events/proposals/<id:proposal_id>/reject/",
        community.staff_proposal_reject,
        name="staff_proposal_reject",
    ),
    path(
        "staff/events/clubs/<id:club_id>/approve/",
        community.staff_club_approve,
        name="staff_club_approve",
    ),
    path(
        "staff/events/clubs/<id:club_id>/suspend/",
        community.staff_club_suspend,
        name="staff_club_suspend",
    ),
    path("clubs/", community.club_list, name="club_list"),
    path("clubs/register/", community.club_register, name="club_register"),
    path("clubs/<slug:slug>/", community.club_detail, name="club_detail"),
    path("clubs/<slug:slug>/join/", community.club_join, name="club_join"),
    path("clubs/<slug:slug>/leave/", community.club_leave, name="club_leave"),
]
