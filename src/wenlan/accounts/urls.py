from django.contrib.auth import views as auth_views
from django.urls import path

from wenlan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", views.EmailPasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        views.EmailPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.EmailPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        views.EmailPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/password/code/", views.password_reset_code, name="password_reset_code"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/audit/", views.audit_log, name="audit_log"),
]
