from django.urls import path

from wenlan.patrons import views

app_name = "patrons"
urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/done/", views.signup_done, name="signup_done"),
    path("language/", views.language_switch, name="language"),
    path("me/", views.me, name="me"),
    path("me/card/", views.ecard, name="ecard"),
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("me/privacy/", views.privacy_edit, name="privacy_edit"),
    path("me/export.json", views.data_export, name="data_export"),
    path("me/erase/", views.erase, name="erase"),
    path("staff/readers/", views.staff_reader_list, name="staff_reader_list"),
    path("staff/readers/<id:reader_id>/", views.staff_reader_detail, name="staff_reader_detail"),
    path(
        "staff/readers/<id:reader_id>/reset-code/",
        views.staff_reader_reset_code,
        name="staff_reader_reset_code",
    ),
    path(
        "staff/readers/<id:reader_id>/erase/",
        views.staff_reader_erase,
        name="staff_reader_erase",
    ),
]
