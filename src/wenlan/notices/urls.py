from django.urls import path

from wenlan.notices import views

app_name = "notices"
urlpatterns = [
    path("me/notices/", views.inbox, name="inbox"),
    path("me/notices/<id:notice_id>/read/", views.notice_read, name="notice_read"),
    path("me/notices/read-all/", views.notices_read_all, name="notices_read_all"),
]
