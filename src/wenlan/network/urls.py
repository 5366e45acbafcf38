from django.urls import path

from wenlan.network import views

app_name = "network"
urlpatterns = [
    path("libraries/", views.library_list_page, name="library_list"),
    path("libraries/<str:code>/", views.library_detail, name="library_detail"),
]
