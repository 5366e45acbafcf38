from django.urls import path

from wenlan.insights import views

app_name = "insights"
urlpatterns = [
    path("staff/insights/", views.dashboard, name="dashboard"),
    path("staff/insights/export.xlsx", views.export, name="export"),
    path("staff/insights/planning/", views.planning, name="planning"),
    path("staff/insights/planning/event/", views.suggestion_event, name="suggestion_event"),
    path(
        "staff/insights/planning/booklist/", views.suggestion_booklist, name="suggestion_booklist"
    ),
]
