from django.urls import path

from wenlan.robot import views

app_name = "robot"
urlpatterns = [
    path("staff/robot/", views.staff_review, name="staff_review"),
]
