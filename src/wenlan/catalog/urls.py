from django.urls import path

from wenlan.catalog import views

app_name = "catalog"
urlpatterns = [
    path("catalog/", views.catalog_search_page, name="search"),
    path("catalog/records/<id:record_id>/", views.record_page, name="record"),
    path("staff/catalog/brief-records/", views.brief_queue, name="brief_queue"),
    path(
        "staff/catalog/brief-records/<id:record_id>/",
        views.brief_complete,
        name="brief_complete",
    ),
    path(
        "staff/catalog/new-copies/<id:item_id>/shelve/",
        views.new_copy_shelve,
        name="new_copy_shelve",
    ),
]
