from django.urls import path

from wenlan.catalog import views

app_name = "catalog"
urlpatterns = [
    path("catalog/", views.catalog_search_page, name="search"),
    path("catalog/records/<id:record_id>/", views.record_page, name="record"),
]
