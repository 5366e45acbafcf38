from django.urls import path

from wenlan.exhibitions import views

app_name = "exhibitions"
urlpatterns = [
    path("exhibitions/", views.exhibition_list, name="exhibition_list"),
    path("exhibitions/<slug:slug>/", views.exhibition_detail, name="exhibition_detail"),
]
